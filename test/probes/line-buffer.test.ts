/** The line buffer stays bounded whatever a workload prints. */
import { LineBuffer } from '../../probes/shared/line-buffer';

describe('LineBuffer', () => {
  it('splits chunks at newlines, across chunk boundaries', () => {
    const buf = new LineBuffer();
    const s = buf.splitter('stdout');
    s.write(Buffer.from('one\ntw'));
    s.write(Buffer.from('o\r\nthree'));
    s.end();
    expect(buf.snapshot().map((l) => l.text)).toEqual(['one', 'two', 'three']);
  });

  it('keeps the head of an over-long line and drops the rest', () => {
    const buf = new LineBuffer({ maxLineBytes: 8 });
    const s = buf.splitter('stderr');
    s.write(Buffer.alloc(10 * 1024 * 1024, 'x'));
    s.write(Buffer.from('\nnext\n'));
    const lines = buf.snapshot();
    expect(lines.map((l) => [l.text, l.truncated])).toEqual([['xxxxxxxx', true], ['next', false]]);
    expect(buf.truncatedCount).toBe(1);
  });

  it('evicts the oldest lines beyond maxLines and counts them', () => {
    const buf = new LineBuffer({ maxLines: 3 });
    const s = buf.splitter('stdout');
    for (let i = 0; i < 10; i++) s.write(Buffer.from(`line ${i}\n`));
    expect(buf.snapshot().map((l) => l.text)).toEqual(['line 7', 'line 8', 'line 9']);
    expect([buf.dropped, buf.total]).toEqual([7, 10]);
    expect(buf.snapshot(9).map((l) => l.seq)).toEqual([9]);
  });

  it('flags invalid UTF-8 and still keeps the line', () => {
    const buf = new LineBuffer();
    buf.splitter('stdout').write(Buffer.from([0x68, 0x69, 0xff, 0xfe, 0x0a]));
    expect(buf.snapshot()[0]).toMatchObject({ text: 'hi\ufffd\ufffd', invalidUtf8: true });
  });
});
