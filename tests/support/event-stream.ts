export interface ServerSentEvent {
  id: string | null;
  event: string;
  data: string;
}

/** Splits what a stream sent so far into its events; comments (`: keep-alive`) and `retry:` lines are left out. */
function parseEvents(text: string): ServerSentEvent[] {
  const events: ServerSentEvent[] = [];
  for (const block of text.split('\n\n').slice(0, -1)) {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
    }
    if (fields.has('data'))
      events.push({
        id: fields.get('id') ?? null,
        event: fields.get('event') ?? 'message',
        data: fields.get('data') ?? '',
      });
  }
  return events;
}

/** A real server-sent event stream read with fetch, as a browser's EventSource would read it. */
export async function openEventStream(url: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  if (!response.body) throw new Error(`no stream from ${url}: ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  return {
    response,
    /** Everything received so far, as sent. */
    text: () => text,
    /** Reads until `count` events have arrived (real time, at most `timeoutMs`) and returns them all. */
    async events(count: number, timeoutMs = 8000): Promise<ServerSentEvent[]> {
      const deadline = Date.now() + timeoutMs;
      while (parseEvents(text).length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out waiting for ${count} events; received:\n${text}`);
        let timer: NodeJS.Timeout | undefined;
        const chunk = await Promise.race([
          reader.read(),
          new Promise<null>((resolve) => {
            timer = setTimeout(() => resolve(null), left);
          }),
        ]);
        clearTimeout(timer);
        if (chunk === null) continue;
        if (chunk.done) throw new Error(`stream ended after:\n${text}`);
        text += chunk.value;
      }
      return parseEvents(text);
    },
    close: () => controller.abort(),
  };
}
