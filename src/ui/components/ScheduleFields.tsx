import type { LearningRateSchedule } from '../../core/train/learningRateSchedule';

/** The learning-rate schedule's two fields, shared by the Train and Experiments forms. */
export function ScheduleFields({ schedule, onChange }: { schedule: LearningRateSchedule; onChange: (schedule: LearningRateSchedule) => void }) {
  return (
    <>
      <label title="Cosine decay falls to 0 by the last step, so a short run ends at a small rate rather than at its largest">
        Learning-rate schedule
        <select value={schedule.kind} onChange={(e) => onChange({ ...schedule, kind: e.target.value as LearningRateSchedule['kind'] })}>
          <option value="constant">constant (the report's)</option>
          <option value="cosine">cosine decay</option>
          <option value="step">step decay (×0.1 at 50 % and 75 %)</option>
        </select>
      </label>
      <label title="Epochs over which the rate rises linearly to its value before the schedule starts (0: none)">
        Warm-up epochs
        <input type="number" min={0} step={1} value={schedule.warmupEpochs} onChange={(e) => Number.isFinite(Number(e.target.value)) && onChange({ ...schedule, warmupEpochs: Number(e.target.value) })} />
      </label>
    </>
  );
}
