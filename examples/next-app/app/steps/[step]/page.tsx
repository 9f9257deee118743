import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { FUNNEL_STEPS, TALK_TRACK_STEP, findStep } from '@/lib/funnelSteps';
import { TalkTrackStep } from '@/components/TalkTrackStep';

export function generateStaticParams() {
  return FUNNEL_STEPS.map((step) => ({ step: String(step.number) }));
}

/** Each step its own title, so a tab, a history entry and a screen reader say where the user is. */
export async function generateMetadata({ params }: { params: Promise<{ step: string }> }): Promise<Metadata> {
  const { step } = await params;
  const current = findStep(step);
  return {
    title: current ? `Step ${current.number}: ${current.title} — Funnel Builder` : 'Step not found — Funnel Builder',
  };
}

export default async function StepPage({ params }: { params: Promise<{ step: string }> }) {
  const { step } = await params;
  const current = findStep(step);
  if (!current) notFound();
  return (
    <section className="step" aria-labelledby="step-heading">
      <p className="step__eyebrow">
        Step {current.number} of {FUNNEL_STEPS.length}
      </p>
      <h1 id="step-heading">{current.title}</h1>
      <p className="step__blurb">{current.blurb}</p>
      {current.number === TALK_TRACK_STEP ? <TalkTrackStep /> : <PlaceholderForm title={current.title} />}
    </section>
  );
}

function PlaceholderForm({ title }: { title: string }) {
  return (
    <form className="placeholder-form">
      <label>
        {title} notes
        <textarea rows={6} placeholder={`Anything you want to remember about the ${title.toLowerCase()}…`} />
      </label>
    </form>
  );
}
