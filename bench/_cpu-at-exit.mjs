// Preloaded by bench/startup.ts (`node --import`): at exit, append this process's CPU time
// (user + system, every thread, since the process started) in ms to $BYZSIM_CPU_FILE.
import { appendFileSync } from 'node:fs';

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  appendFileSync(process.env.BYZSIM_CPU_FILE, `${(user + system) / 1000}\n`);
});
