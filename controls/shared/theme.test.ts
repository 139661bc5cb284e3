import { getTheme } from "@fluentui/react";
import { hostTheme, hostPalette } from "./theme";

const tokens = {
  colorBrandBackground: "#8a2be2",
  colorBrandBackgroundHover: "#7a1bd2",
  colorNeutralForeground1: "#111111",
  colorNeutralBackground1: "#fefefe",
  fontFamilyBase: "Segoe UI Variable",
} as unknown as ComponentFramework.Theme;

describe("host theme", () => {
  it("keeps Fluent's default theme when the host gives no tokens", () => {
    expect(hostTheme(undefined)).toBeUndefined();
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
