/**
 * Where a piscina pool finds a sweep thread's module: from a build, the compiled module
 * itself; from the TypeScript sources, thread-boot.mjs, which installs tsx first and then
 * imports the module (passed in workerData.entry).
 */
export function threadEntry(name: string, base: string, workerData: Record<string, unknown> = {}): { filename: string; workerData: Record<string, unknown> } {
  const fromSources = base.endsWith('.ts');
  const module = new URL(`./${name}${fromSources ? '.ts' : '.js'}`, base).href;
  return fromSources ? { filename: new URL('./thread-boot.mjs', base).href, workerData: { ...workerData, entry: module } } : { filename: module, workerData };
}
