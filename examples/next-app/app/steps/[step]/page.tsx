import { notFound } from 'next/navigation';
import { FUNNEL_STEPS, TALK_TRACK_STEP } from '@/lib/funnelSteps';
import { TalkTrackStep } from '@/components/TalkTrackStep';

export function generateStaticParams() {
  return FUNNEL_STEPS.map((step) => ({ step: String(step.number) }));
}

export default async function StepPage({ params }: { params: Promise<{ step: string }> }) {
  const { step } = await params;
  const current = FUNNEL_STEPS.find((candidate) => String(candidate.number) === step);
  if (!current) notFound();
  return (
    <section className="step" aria-labelledby="step-heading">
      <p className="step__eyebrow">Step {current.number} of {FUNNEL_STEPS.length}</p>
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
