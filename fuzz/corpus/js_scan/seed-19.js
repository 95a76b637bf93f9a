Office.onReady(() => {
  Office.context.roamingSettings.get("seen");
});
