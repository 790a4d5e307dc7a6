/**
 * Progress on stderr, only on a TTY: never a spinner or a stray line in CI logs, never on stdout.
 */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

class Progress {
  private timer: NodeJS.Timeout | undefined;
  private text = '';
  private frame = 0;
  private readonly enabled = Boolean(process.stderr.isTTY) && !process.env.CI;

  start(text: string): void {
    if (!this.enabled) return;
    this.text = text;
    this.timer = setInterval(() => this.draw(), 80);
    this.timer.unref();
  }

  update(text: string): void {
    this.text = text;
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    process.stderr.write('\r\x1b[2K');
  }

  private draw(): void {
    this.frame = (this.frame + 1) % FRAMES.length;
    const width = (process.stderr.columns || 80) - 4;
    process.stderr.write(`\r\x1b[2K${FRAMES[this.frame]} ${this.text.slice(0, width)}`);
  }
}

export const progress = new Progress();
