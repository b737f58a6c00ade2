/**
 * What the DLG experiment cannot simulate: more than the one attacked worker, Byzantine workers,
 * a model tfjs cannot differentiate twice (the CNN: no gradient of Conv2DBackpropFilter) or
 * without softmax outputs (svm), a backend other than cpu (wasm lacks second-order gradient
 * kernels), batches above 64, iDLG's label trick above batch 1.
 */
import type { RunConfig } from '../../scenario/schema.ts';

const DLG_MODELS = ['mlp', 'logreg'];
const DLG_MAX_BATCH = 64;

export function checkDlg(cfg: RunConfig): string[] {
  const errors: string[] = [];
  const { n, f, batch } = cfg.workers;
  if (n !== 1 || f !== 0) errors.push(`workers: n=${n}, f=${f} — dlg attacks one honest worker: n = 1, f = 0`);
  if (!DLG_MODELS.includes(cfg.model.name))
    errors.push(`model.name: ${cfg.model.name} — dlg needs a softmax model tfjs differentiates twice (${DLG_MODELS.join(', ')})`);
  if (cfg.backend !== 'cpu') errors.push(`backend: ${cfg.backend} — dlg needs second-order gradients: backend cpu`);
  if (batch > DLG_MAX_BATCH) errors.push(`workers.batch: ${batch} — dlg attacks batches of at most ${DLG_MAX_BATCH}`);
  if (cfg.dlg?.labels === 'idlg' && batch !== 1) errors.push(`dlg.labels: idlg — iDLG reads the label of batch 1 only, got workers.batch ${batch}`);
  return errors;
}
