import type { TalkTrack, TalkTrackSlide } from '@talk-track/react';

interface TalkTrackResultProps {
  slides: readonly TalkTrackSlide[];
  result: TalkTrack | null;
}

function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return minutes > 0 ? `${minutes} min ${rest} s` : `${rest} s`;
}

/** The finished talk track, or the slides finished so far while it runs. */
export function TalkTrackResult({ slides, result }: TalkTrackResultProps) {
  const shown = result?.slides ?? slides;
  if (shown.length === 0) return null;
  return (
    <section id="talk-track-result" className="result" aria-labelledby="result-heading" tabIndex={-1}>
      <h2 id="result-heading">{result ? 'Your talk track' : `Slides ready so far (${shown.length})`}</h2>
      {result ? (
        <p className="result__meta">Estimated speaking time: {formatDuration(result.totalDurationSeconds)}</p>
      ) : null}
      {result ? (
        <p className="result__opening">
          <strong>Opening.</strong> {result.opening}
        </p>
      ) : null}
      <ol className="result__slides">
        {shown.map((slide) => (
          <li key={slide.index} className="result__slide">
            <h3>
              {slide.index + 1}. {slide.title}{' '}
              <span className="result__duration">{formatDuration(slide.durationSeconds)}</span>
            </h3>
            <p>{slide.script}</p>
            <ul>
              {slide.keyPoints.map((point) => (
                <li key={point}>{point}</li>
              ))}
            </ul>
            <p className="result__transition">
              <em>Transition:</em> {slide.transition}
            </p>
          </li>
        ))}
      </ol>
      {result ? (
        <p className="result__closing">
          <strong>Close.</strong> {result.closing}
        </p>
      ) : null}
    </section>
  );
}
