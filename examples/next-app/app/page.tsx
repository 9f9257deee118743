import { redirect } from 'next/navigation';
import { stepPath } from '@/lib/funnelSteps';

export default function Home() {
  redirect(stepPath(1));
}
