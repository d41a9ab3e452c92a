// The theme variables the pipeline graph uses, at VS Code's default Dark Modern / Light Modern values.
import { darkTheme, lightTheme } from './page';

export const dark = {
  ...darkTheme,
  '--vscode-testing-iconPassed': '#73c991',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-testing-iconFailed': '#f14c4c',
  '--vscode-errorForeground': '#f85149',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-editorWidget-background': '#202020',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
};
export const light = {
  ...lightTheme,
  '--vscode-testing-iconPassed': '#388a34',
  '--vscode-charts-yellow': '#bf8803',
  '--vscode-charts-blue': '#1a85ff',
  '--vscode-testing-iconFailed': '#f14c4c',
  '--vscode-errorForeground': '#e51400',
  '--vscode-focusBorder': '#005fb8',
  '--vscode-editorWidget-background': '#f8f8f8',
  '--vscode-button-secondaryBackground': '#e5e5e5',
  '--vscode-button-secondaryForeground': '#3b3b3b',
};
