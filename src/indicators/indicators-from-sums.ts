import type { Db } from '../platform/database.ts';
import type { Message } from '../platform/errors.ts';
import { evaluateIndicator } from './indicator.rules.ts';
import { loadCatalogue } from './read-indicator-values.ts';

export interface CatalogueEntry {
  indicator: string;
  name: Message;
  higherIsBetter: boolean;
  factor: number;
  decimals: number;
}

export interface IndicatorFromSums {
  indicator: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

/**
 * The catalogue, and a function computing every indicator over data element sums computed
 * elsewhere (a province's pulled values, the nation's sums of them): the same formulas, sum of
 * numerators over sum of denominators. Loaded once, applied to as many sets of sums as needed.
 */
export async function indicatorEvaluator(
  db: Db,
): Promise<{ catalogue: CatalogueEntry[]; evaluate: (sums: (dataElement: string) => number | null) => IndicatorFromSums[] }> {
  const compiled = await loadCatalogue(db);
  const indicators = [...compiled.values()];
  return {
    catalogue: indicators.map((i) => ({ indicator: i.code, name: i.name, higherIsBetter: i.higherIsBetter, factor: i.factor, decimals: i.decimals })),
    evaluate: (sums) =>
      indicators.map((indicator) => {
        const { value, numerator, denominator } = evaluateIndicator(indicator, sums, compiled);
        return { indicator: indicator.code, value, numerator, denominator };
      }),
  };
}
