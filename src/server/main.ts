// Language server process entry point: `node dist/server.js --stdio` (or node IPC when started by the extension).
import { createConnection, ProposedFeatures, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { registerFeatures } from './features';
import { Session } from './session';

const connection = createConnection(ProposedFeatures.all);
const session = new Session(connection);

// The last line of defence: a bug in one request must not take the editor's diagnostics down with it.
process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${String(reason)}`));

connection.onInitialize((params) => {
  session.initialize(params);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ['{', '.', '/', ' '] },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      documentLinkProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'mlops-workbench' },
  };
});
connection.onShutdown(() => session.dispose());

registerFeatures(session);
session.listen();
connection.listen();
