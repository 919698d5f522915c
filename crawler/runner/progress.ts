import cliProgress from 'cli-progress';

export interface ProgressState {
  found: number;
  done: number;
  hits: number;
  failed: number;
}

/**
 * A bar on a terminal; on a pipe or in CI, a plain line at most every two
 * seconds, so logs stay readable.
 */
export class Progress {
  private bar: cliProgress.SingleBar | undefined;
  private lastLine = 0;

  constructor(
    private readonly label: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly enabled = true,
  ) {}

  update(s: ProgressState): void {
    if (!this.enabled) return;
    if (this.out.isTTY) {
      if (!this.bar) {
        this.bar = new cliProgress.SingleBar(
          {
            format: `${this.label} [{bar}] {value}/{total} listings | hits {hits} | failed {failed}`,
            stream: this.out,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        this.bar.start(s.found, s.done, { hits: s.hits, failed: s.failed });
      }
      this.bar.setTotal(Math.max(s.found, 1));
      this.bar.update(s.done, { hits: s.hits, failed: s.failed });
    } else if (Date.now() - this.lastLine > 2000) {
      this.lastLine = Date.now();
      this.out.write(`${this.label}: ${s.done}/${s.found} listings, ${s.hits} hits, ${s.failed} failed\n`);
    }
  }

  stop(s: ProgressState): void {
    if (!this.enabled) return;
    if (this.bar) {
      this.update(s);
      this.bar.stop();
    } else this.out.write(`${this.label}: ${s.done}/${s.found} listings, ${s.hits} hits, ${s.failed} failed\n`);
  }
}
