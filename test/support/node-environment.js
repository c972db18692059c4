// The Node test environment, plus a prompt exit for Jest's worker processes. A worker ends by letting its
// event loop drain, and Node's teardown of a heap of a few hundred MB then takes 200-400 ms, more than
// the 500 ms Jest waits on a busy machine, after which it force-exits the worker and reports a leak that is
// not there. `process.exit` at that point skips most of the teardown (about a third of the time).
const { TestEnvironment } = require('jest-environment-node');

let exitPromptly = false;

module.exports = class NodeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    // Only in a worker (a child with an IPC channel): the environment module is loaded once per process.
    if (!exitPromptly && typeof process.send === 'function') {
      exitPromptly = true;
      process.once('beforeExit', (code) => process.exit(code));
    }
  }
};
