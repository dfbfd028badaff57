import { createInterface, type Interface } from "node:readline";
import { Writable } from "node:stream";
import type { CliIo } from "./io.js";

/**
 * Reads answers line by line from stdin. On a terminal, what is typed is
 * echoed through a gate that can be shut, so secret fields stay hidden.
 */
export class LineReader {
  readonly #rl: Interface;
  readonly #lines: string[] = [];
  readonly #waiting: ((line: string | undefined) => void)[] = [];
  #closed = false;
  #hidden = false;

  constructor(private readonly io: CliIo) {
    const gate = new Writable({
      write: (chunk, _encoding, done) => {
        if (!this.#hidden) io.stderr.write(chunk);
        done();
      },
    });
    this.#rl = createInterface({
      input: io.stdin,
      output: gate,
      terminal: io.stdin.isTTY === true,
    });
    this.#rl.on("line", (line) => this.#push(line));
    this.#rl.on("close", () => this.#close());
    this.#rl.on("SIGINT", () => this.#rl.close());
  }

  /** Shows `prompt` and waits for a line; undefined once input ended. */
  async ask(prompt: string, options: { hidden?: boolean } = {}) {
    this.#hidden = options.hidden === true;
    this.io.stderr.write(prompt);
    const line = await this.#next();
    if (this.#hidden) this.io.stderr.write("\n");
    this.#hidden = false;
    return line;
  }

  close(): void {
    this.#rl.close();
  }

  #next(): Promise<string | undefined> {
    const line = this.#lines.shift();
    if (line !== undefined || this.#closed) return Promise.resolve(line);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #push(line: string): void {
    const waiter = this.#waiting.shift();
    if (waiter) waiter(line);
    else this.#lines.push(line);
  }

  #close(): void {
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) waiter(undefined);
  }
}
