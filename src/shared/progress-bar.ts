/**
 * `[#####.....] 45% 45000/100000 events`, redrawn in place on a terminal, every 10% otherwise
 * (a log file gets ten lines, not thousands). Written to stderr so that stdout stays the result.
 */
export function progressBar(unit = 'events', stream: NodeJS.WriteStream = process.stderr): { update(done: number, total: number): void; done(): void } {
  let lastDecile = -1;
  let drawn = false;
  return {
    update(done, total) {
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      const percent = Math.floor(fraction * 100);
      const width = 30;
      const filled = Math.round(fraction * width);
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}% ${done}/${total} ${unit}`;
      if (stream.isTTY) {
        stream.write(`\r${line}`);
        drawn = true;
      } else if (Math.floor(percent / 10) > lastDecile) {
        lastDecile = Math.floor(percent / 10);
        stream.write(`${line}\n`);
      }
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}
