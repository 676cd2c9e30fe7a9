/** A one-line progress bar for a TTY: rows, rate and ETA. Silent when not a TTY. */
export class Progress {
  private started = Date.now();
  private last = 0;
  constructor(
    private readonly label: string,
    private readonly total: number | undefined,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  get enabled(): boolean {
    return Boolean(this.out.isTTY);
  }

  update(done: number, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < 100) return;
    this.last = now;
    const secs = Math.max(0.001, (now - this.started) / 1000);
    const rate = done / secs;
    let line = `${this.label} ${done.toLocaleString('en-US')}`;
    if (this.total) {
      const frac = Math.min(1, done / this.total);
      const width = 24;
      const filled = Math.round(frac * width);
      const eta = rate > 0 ? (this.total - done) / rate : 0;
      line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} ${Math.round(frac * 100)}%  ETA ${formatSecs(eta)}`;
    }
    line += `  ${Math.round(rate).toLocaleString('en-US')} rows/s`;
    this.out.write(`\r\x1b[K${line}`);
  }

  done(): void {
    if (this.enabled) this.out.write('\r\x1b[K');
  }
}

function formatSecs(s: number): string {
  if (!Number.isFinite(s)) return '--';
  if (s < 60) return `${Math.ceil(s)}s`;
  return `${Math.floor(s / 60)}m${String(Math.ceil(s % 60)).padStart(2, '0')}s`;
}
