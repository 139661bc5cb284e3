/**
 * The date and time in the user's format and time zone: the PCF context's formatting where the host has it (Learn:
 * component-framework/reference/formatting/formattime, behavior 1 UserLocal: "Dates stored as UTC"), else the
 * browser's locale and zone (Intl).
 */
export function dateTimeFormatter(formatting?: Partial<ComponentFramework.Formatting>): (iso: string) => string {
  // Made on first use: building an Intl formatter costs about 25 ms, too much for a control's init (issue 12).
  let intl: Intl.DateTimeFormat | undefined;
  return (iso) => {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    if (typeof formatting?.formatTime === "function") {
      try {
        const text = formatting.formatTime(date, 1);
        if (text) return text;
      } catch {
        // a host without the user's settings: the browser's format below
      }
    }
    intl ??= new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
    return intl.format(date);
  };
}
