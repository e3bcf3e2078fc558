// The experiment grid: comma lists that expand into the cartesian product of run configs × seeds.
// The command line and the Experiments page both parse their fields here, so both accept the same text.
import { StudioError } from '../errors';
import type { BackboneName } from '../model/modelConfig';
import type { LocalizationLossKind } from '../train/losses';
import type { Method, TrainConfig } from '../train/trainConfig';

export interface ExperimentGrid {
  methods: Method[];
  backbones: BackboneName[];
  losses: LocalizationLossKind[];
  labelRatios: number[];
  seeds: number[];
}

/** The grid fields as typed: what `--method spn,baseline` or the page's text boxes hold. */
export type GridText = Record<keyof ExperimentGrid, string>;

export const DEFAULT_GRID_TEXT: GridText = { methods: 'spn,baseline', backbones: 'resnet18', losses: 'bce', labelRatios: '1', seeds: '1,2,3' };

const OPTION_NAMES: Record<keyof ExperimentGrid, string> = { methods: 'method', backbones: 'backbone', losses: 'loss', labelRatios: 'label-ratio', seeds: 'seeds' };

function items(text: string, option: string): string[] {
  const list = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (list.length === 0) throw new StudioError('bad-config', `--${option} needs at least one value`);
  if (new Set(list).size !== list.length) throw new StudioError('bad-config', `--${option} lists a value twice (${text})`);
  return list;
}

function oneOf<T extends string>(text: string, option: string, allowed: readonly T[]): T[] {
  return items(text, option).map((value) => {
    if (!(allowed as readonly string[]).includes(value)) throw new StudioError('bad-config', `--${option}: "${value}" is not one of ${allowed.join(', ')}`);
    return value as T;
  });
}

function numbers(text: string, option: string, check: (n: number) => boolean, expected: string): number[] {
  return items(text, option).map((value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || !check(n)) throw new StudioError('bad-config', `--${option}: "${value}" is not ${expected}`);
    return n;
  });
}

/** Parses every grid field, or throws naming the option and the value that is wrong. */
export function parseGrid(text: GridText): ExperimentGrid {
  return {
    methods: oneOf(text.methods, OPTION_NAMES.methods, ['spn', 'baseline', 'guided'] as const),
    backbones: oneOf(text.backbones, OPTION_NAMES.backbones, ['resnet18', 'resnet34', 'resnet50'] as const),
    losses: oneOf(text.losses, OPTION_NAMES.losses, ['bce', 'l1', 'l2'] as const),
    labelRatios: numbers(text.labelRatios, OPTION_NAMES.labelRatios, (n) => n >= 0 && n <= 1, 'a fraction from 0 to 1'),
    seeds: parseSeeds(text.seeds),
  };
}

/** A comma list of seeds ("1,2,3"), each a whole number ≥ 0, or an error naming the one that is not. */
export function parseSeeds(text: string): number[] {
  return numbers(text, OPTION_NAMES.seeds, (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0');
}

/**
 * Every run of the grid, seeds innermost. A baseline ignores masks, so its label ratio and loss do not vary:
 * it runs once per backbone and seed, recorded with label ratio 0 (no masks, as the report writes it) and the first loss.
 */
export function expandGrid(base: TrainConfig, grid: ExperimentGrid): TrainConfig[] {
  const runs: TrainConfig[] = [];
  for (const method of grid.methods) {
    for (const backbone of grid.backbones) {
      const losses = method === 'baseline' ? grid.losses.slice(0, 1) : grid.losses;
      const ratios = method === 'baseline' ? [0] : grid.labelRatios;
      for (const loss of losses) {
        for (const labelRatio of ratios) {
          for (const seed of grid.seeds) runs.push({ ...base, method, backbone, loss, labelRatio, seed });
        }
      }
    }
  }
  return runs;
}
