// The task pane: reads the open message and shows a short summary.
// Office.context.mailbox.item.body.setAsync would need ReadWriteItem; we never call it.

import { summarize } from "./summarize";

Office.onReady(() => {
  const item = Office.context.mailbox.item as Office.MessageRead;
  const heading = document.getElementById("subject");
  if (heading) {
    heading.textContent = item.subject;
  }
  item.body.getAsync(Office.CoercionType.Text, (result) => {
    if (result.status === Office.AsyncResultStatus.Succeeded) {
      show(summarize(result.value));
    }
  });
  const settings = Office.context.roamingSettings;
  settings.set("lastRun", new Date().toISOString());
  settings.saveAsync();
});

function show(text: string): void {
  const out = document.getElementById("summary");
  if (out) {
    out.textContent = text;
  }
}
