/**
 * The DLG experiment's registry entry (Zhu, Liu, Han, "Deep leakage from gradients", NeurIPS
 * 2019; seed 000 §4.3, Figs. 7–8): one honest worker `w0` sends its mini-batch gradient — through
 * its privacy mechanisms (`workers.privacy`: noise, sparsify, gaussian) — to an honest-but-curious
 * `server`, which reconstructs the batch by gradient matching (src/privacy/dlg.ts). Each step is
 * one attack on a fresh batch at the model's initial parameters (the model does not train); rows
 * carry the reconstruction's PSNR against the true batch. Needs n = 1, f = 0, a softmax model tfjs
 * differentiates twice (mlp, logreg) and the cpu backend.
 */
import type { ProtocolDef } from '../types.ts';
import { checkDlg } from './check.ts';
import { DLG_METRICS } from './metrics.ts';
import { dlgNodes } from './nodes.ts';

export const dlg: ProtocolDef = {
  name: 'dlg',
  summary:
    'deep leakage from gradients (dlg: { iterations, lr, labels }): a curious server reconstructs worker w0’s batch from each gradient it receives; rows carry the PSNR; n = 1, f = 0, backend cpu',
  paper: 'Zhu, Liu, Han, NeurIPS 2019 (seed 000 §4.3)',
  sections: ['dlg'],
  check: checkDlg,
  nodes: dlgNodes,
  faultRole: 'worker',
  aggregation: () => ({ count: 1, by: 'the curious server attacks' }),
  metrics: DLG_METRICS,
  figures: [
    {
      metric: 'psnr',
      title: 'DLG reconstruction PSNR',
      yLabel: 'PSNR (dB) of the reconstructed batch',
      caption:
        'Peak signal-to-noise ratio of the batch the curious server reconstructed from each gradient it received, against the true batch (mean over its images; 100 dB: exact).',
    },
    {
      metric: 'labelAccuracy',
      title: 'labels recovered by DLG',
      yLabel: 'fraction of labels recovered',
      caption: 'Fraction of the batch’s labels the attack recovered (after matching reconstructions to images).',
    },
  ],
  run: () => import('./run.ts').then((m) => m.runDlg),
};
