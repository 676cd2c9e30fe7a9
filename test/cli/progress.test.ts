import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Progress } from '../../cli/progress.ts';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { chunks.push(chunk.toString()); cb(); } }) as Writable & { isTTY?: boolean };
  stream.isTTY = isTTY;
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

describe('the CLI progress bar', () => {
  it('shows rows, percentage, rate and ETA on a terminal', () => {
    const { stream, text } = fakeStream(true);
    const p = new Progress('uploading', 1000, stream);
    p.update(250, true);
    expect(text()).toMatch(/uploading \[#{6}\.{18}\] 250\/1,000 25% {2}ETA \d+s {2}[\d,]+ rows\/s/);
  });

  it('prints nothing when output is not a terminal (scripts, --json)', () => {
    const { stream, text } = fakeStream(false);
    const p = new Progress('uploading', 1000, stream);
    p.update(250, true);
    p.done();
    expect(text()).toBe('');
  });
});
