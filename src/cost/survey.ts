/**
 * The figures seed 001 (Allouah, Guerraoui, Stephan et al., "Robustness, Efficiency, or Privacy:
 * Pick Two in Machine Learning", §4.1–4.2) quotes, next to which `byzsim cost` prints its own.
 * Theirs: other machines, other schemes, other d — a scale to read ours against, not a target.
 */
export interface SurveyFigure {
  /** Plaintext seconds per aggregation, when the survey gives one. */
  readonly plaintextS?: number;
  /** The homomorphic figure, as the survey states it. */
  readonly he?: string;
  /** Its seconds (for "> 2 min": 120, a lower bound). */
  readonly heS?: number;
}

export const SURVEY: Readonly<Record<string, SurveyFigure>> = {
  average: { plaintextS: 5e-5, he: '1.1 s (Paillier, BatchCrypt [38]; d = 1.25·10⁶, 9 workers)', heS: 1.1 },
  median: { plaintextS: 2e-4, he: '> 2 min (SABLE [12]; d = 713k, 9 workers; 110× HE average)', heS: 120 },
  'trimmed-mean': { he: '> 2 min (SABLE [12]; d = 713k, 9 workers)', heS: 120 },
};
