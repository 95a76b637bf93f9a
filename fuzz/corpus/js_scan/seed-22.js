// Pure text helpers: no Office API here.
export function summarize(text: string): string {
  const sentences = text.split(/(?<=[.!?])\s+/).filter((s) => s.trim().length > 0);
  return sentences.slice(0, 3).join(" ");
}
