/**
 * Follows the host's theme: model-driven apps pass Fluent v9 design tokens (context.fluentDesignLanguage); our
 * controls are Fluent v8, so the few tokens that drive v8's palette are mapped across. No tokens: Fluent's default.
 */
import { createTheme, type IPalette, type ITheme } from "@fluentui/react";

type HostDesign = ComponentFramework.FluentDesignState | undefined;

export function hostPalette(tokens: ComponentFramework.Theme): Partial<IPalette> {
  return {
    themePrimary: tokens.colorBrandBackground,
    themeDarkAlt: tokens.colorBrandBackgroundHover,
    themeDark: tokens.colorBrandBackgroundPressed,
    themeDarker: tokens.colorBrandForeground1,
    themeLighter: tokens.colorBrandBackground2,
    neutralPrimary: tokens.colorNeutralForeground1,
    neutralDark: tokens.colorNeutralForeground1,
    neutralSecondary: tokens.colorNeutralForeground2,
    neutralTertiary: tokens.colorNeutralForeground3,
    neutralTertiaryAlt: tokens.colorNeutralForegroundDisabled,
    neutralQuaternaryAlt: tokens.colorNeutralStroke2,
    neutralLight: tokens.colorNeutralStroke1,
    neutralLighter: tokens.colorNeutralBackground2,
    neutralLighterAlt: tokens.colorNeutralBackground3,
    white: tokens.colorNeutralBackground1,
  };
}

/** updateView runs often; the host's tokens rarely change, so each token set is converted once. */
const converted = new WeakMap<object, ITheme>();

/**
 * Fluent v8 draws disabled text in neutralTertiary (#a19f9d: 2.63:1 on white), below WCAG 1.4.3's 4.5:1, and a
 * read-only form is mostly disabled text that an agent still has to read. #605e5c (neutralSecondary) is 6.4:1 on
 * white and 5.7:1 on the disabled field background (#f3f2f1).
 */
export const READABLE_DISABLED_TEXT = "#605e5c";
const readableDisabled = {
  disabledText: READABLE_DISABLED_TEXT,
  disabledBodyText: READABLE_DISABLED_TEXT,
  disabledSubtext: READABLE_DISABLED_TEXT,
};

/** Fluent's default theme with readable disabled text: what the controls get when the host gives no tokens. */
export const defaultControlTheme: ITheme = createTheme({ semanticColors: readableDisabled });

/** The v8 theme for the host's design, or Fluent's default (with readable disabled text) without tokens. */
export function hostTheme(design: HostDesign): ITheme {
  const tokens = design?.tokenTheme;
  if (!tokens) return defaultControlTheme;
  const cached = converted.get(tokens);
  if (cached) return cached;
  const theme = convert(tokens, design?.isDarkTheme === true);
  converted.set(tokens, theme);
  return theme;
}

function convert(tokens: ComponentFramework.Theme, isDark: boolean): ITheme {
  const palette = Object.fromEntries(Object.entries(hostPalette(tokens)).filter(([, v]) => typeof v === "string" && v));
  return createTheme({
    palette,
    isInverted: isDark,
    // A dark theme's own disabled colors are kept: #605e5c would be too dark on it.
    semanticColors: isDark ? undefined : readableDisabled,
    defaultFontStyle: tokens.fontFamilyBase ? { fontFamily: tokens.fontFamilyBase } : undefined,
  });
}
