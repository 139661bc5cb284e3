/**
 * A button that opens the browser's file picker and hands over the chosen file's name and text. The hidden input
 * carries the button's label, so a screen reader and a test find the same name on both.
 */
import * as React from "react";
import { DefaultButton, Stack } from "@fluentui/react";

export interface FilePickerButtonProps {
  readonly label: string;
  /** The input's accept list, e.g. ".csv,text/csv". */
  readonly accept: string;
  readonly disabled?: boolean;
  readonly onFile: (name: string, text: string) => void | Promise<void>;
}

/** FileReader rather than Blob.text(): the same in every browser the platform supports. */
export function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ""));
    reader.onerror = () => reject(reader.error ?? new Error(`Can't read ${file.name}.`));
    reader.readAsText(file);
  });
}

export function FilePickerButton(props: FilePickerButtonProps): React.ReactElement {
  const input = React.useRef<HTMLInputElement>(null);
  const choose = async (event: React.ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Cleared, so choosing the same file again (after fixing it) reads it again.
    event.target.value = "";
    if (file) await props.onFile(file.name, await readText(file));
  };
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={props.accept}
        aria-label={props.label}
        style={{ display: "none" }}
        onChange={(e) => void choose(e)}
      />
      <Stack horizontal tokens={{ childrenGap: 8 }}>
        <DefaultButton
          iconProps={{ iconName: "OpenFile" }}
          text={props.label}
          disabled={props.disabled}
          onClick={() => input.current?.click()}
        />
      </Stack>
    </>
  );
}
