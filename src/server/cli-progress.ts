/** A progress bar on stderr for long command-line work (seeding, imports, benchmarks). */
const width = 30;

export interface ProgressBar {
  tick(done: number): void;
  finish(): void;
}

export function progressBar(label: string, total: number): ProgressBar {
  const started = Date.now();
  let lastDraw = 0;
  let lastPercentLogged = -10;
  const draw = (done: number, final: boolean) => {
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const percent = Math.floor(ratio * 100);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const line = `${label} [${'#'.repeat(Math.round(ratio * width)).padEnd(width, '.')}] ${String(percent).padStart(3)}% ${done.toLocaleString('vi-VN')}/${total.toLocaleString('vi-VN')} ${seconds}s`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}${final ? '\n' : ''}`);
    else if (final || percent >= lastPercentLogged + 10) {
      // Logs (CI) get a line every 10 % instead of carriage returns.
      lastPercentLogged = percent;
      process.stderr.write(`${line}\n`);
    }
  };
  return {
    tick(done) {
      const now = Date.now();
      if (now - lastDraw >= 100) {
        lastDraw = now;
        draw(done, false);
      }
    },
    finish() {
      draw(total, true);
    },
  };
}
