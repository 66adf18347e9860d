import { defineConfig } from 'vitest/config';

// Platform-free code (domain, CLI and bench helpers) and adapters tested against
// real local HTTP servers run in plain Node.
export default defineConfig({
  test: {
    include: ['src/domain/**/*.test.ts', 'src/application/**/*.test.ts', 'src/adapters/**/*.test.ts', 'src/http/**/*.test.ts', 'src/platform/stubs/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts', 'test/support/**/*.test.ts'],
    environment: 'node',
  },
});
