/**
 * Prints the live JS heap (bytes) of a Node process after a full garbage collection, through its
 * inspector: `node --experimental-websocket dist/bench/heap-probe.js <webSocketDebuggerUrl>`.
 * A separate process because Node 20 has a WebSocket client only behind that flag. The soak uses
 * it to tell memory a process keeps from memory its heap merely has not collected yet.
 */
interface Socket {
  onopen: (() => void) | null;
  onmessage: ((message: { data: string }) => void) | null;
  onerror: ((error: unknown) => void) | null;
  send(text: string): void;
  close(): void;
}

const url = process.argv[2];
if (!url) throw new Error('usage: heap-probe.js <webSocketDebuggerUrl>');
const WebSocketClient = (globalThis as unknown as { WebSocket?: new (url: string) => Socket }).WebSocket;
if (!WebSocketClient) throw new Error('no WebSocket client: run node with --experimental-websocket');
const socket = new WebSocketClient(url);
const answers = new Map<number, (result: Record<string, unknown>) => void>();
let nextId = 0;
const call = (method: string): Promise<Record<string, unknown>> =>
  new Promise((answered) => {
    const id = ++nextId;
    answers.set(id, answered);
    socket.send(JSON.stringify({ id, method }));
  });
socket.onmessage = (message) => {
  const reply = JSON.parse(message.data) as { id?: number; result?: Record<string, unknown> };
  if (reply.id !== undefined) answers.get(reply.id)?.(reply.result ?? {});
};
socket.onerror = (error) => {
  console.error(`inspector at ${url}: ${String((error as { message?: string }).message ?? error)}`);
  process.exit(1);
};
await new Promise<void>((open) => (socket.onopen = open));
await call('HeapProfiler.collectGarbage');
const usage = await call('Runtime.getHeapUsage');
console.log(String(usage.usedSize));
socket.close();
