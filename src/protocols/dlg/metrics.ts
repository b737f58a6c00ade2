/** The DLG experiment's metric fields (declared in its registry entry): what each attack achieved. */
import type { MetricField } from '../types.ts';

export const DLG_METRICS: readonly MetricField[] = [
  {
    field: 'psnr',
    summary: 'PSNR (dB, pixels in [0, 1]) of the reconstructed batch against the true one, mean over its images after the best matching; 100: exact',
  },
  { field: 'mse', summary: 'mean squared error of the reconstructed batch, per pixel, after the matching' },
  { field: 'labelAccuracy', summary: 'fraction of the batch’s labels the attack recovered' },
  { field: 'gradientDistance', summary: 'the gradient distance Σ‖∇L(x′, y′) − g‖² the attack ended at' },
];
