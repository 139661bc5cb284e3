/** Localized strings: resource keys from stringKeys.ts, values from the control's .resx through context.resources. */
export type Translate<K extends string> = (key: K, ...args: (string | number)[]) => string;

/** Replaces {0}, {1}… with the arguments, as .NET resource strings do. */
export function fillPlaceholders(template: string, args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

/** Builds the translate function of one control from the host's resources; a missing string shows its key. */
export function createTranslate<K extends string>(getString: (resourceKey: K) => string): Translate<K> {
  return (key, ...args) => fillPlaceholders(getString(key) || key, args);
}
