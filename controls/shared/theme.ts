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

/** The v8 theme for the host's design, or undefined to keep Fluent's default theme. */
export function hostTheme(design: HostDesign): ITheme | undefined {
  const tokens = design?.tokenTheme;
  if (!tokens) return undefined;
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
    defaultFontStyle: tokens.fontFamilyBase ? { fontFamily: tokens.fontFamilyBase } : undefined,
  });
}
