import { getTheme } from "@fluentui/react";
import { hostTheme, hostPalette, READABLE_DISABLED_TEXT } from "./theme";

const tokens = {
  colorBrandBackground: "#8a2be2",
  colorBrandBackgroundHover: "#7a1bd2",
  colorNeutralForeground1: "#111111",
  colorNeutralBackground1: "#fefefe",
  fontFamilyBase: "Segoe UI Variable",
} as unknown as ComponentFramework.Theme;

describe("host theme", () => {
  it("keeps Fluent's default theme when the host gives no tokens, with disabled text at 4.5:1 or more", () => {
    // The old assertion (undefined: Fluent's default as is) shipped disabled labels at 2.63:1 (issue 12 item 9).
    const theme = hostTheme(undefined);
    expect(theme.palette.themePrimary).toBe("#0078d4");
    expect(theme.semanticColors.disabledBodyText).toBe(READABLE_DISABLED_TEXT);
    expect(theme.semanticColors.disabledText).toBe(READABLE_DISABLED_TEXT);
  });

  it("maps the host's v9 tokens onto the v8 palette", () => {
    expect(hostPalette(tokens)).toMatchObject({ themePrimary: "#8a2be2", neutralPrimary: "#111111", white: "#fefefe" });
    const theme = hostTheme({ tokenTheme: tokens, isDarkTheme: true } as ComponentFramework.FluentDesignState);
    expect(theme?.palette.themePrimary).toBe("#8a2be2");
    expect(theme?.palette.themeDarkAlt).toBe("#7a1bd2");
    expect(theme?.isInverted).toBe(true);
    expect(theme?.fonts.medium.fontFamily).toContain("Segoe UI Variable");
    // Tokens the host leaves out keep Fluent's defaults.
    expect(theme?.palette.neutralLight).toBe(getTheme().palette.neutralLight);
  });

  it("converts one token set once", () => {
    const design = { tokenTheme: tokens } as ComponentFramework.FluentDesignState;
    expect(hostTheme(design)).toBe(hostTheme(design));
  });
});
