import type { TestProject } from 'vitest/node';
import { startFakeOpenAI } from '../support/fake-openai/server';

/**
 * Runs in Node before the workerd tests: a real HTTP server speaking the
 * OpenAI protocol, scripted over its /__control/ endpoints by the tests.
 */
export default async function setup(project: TestProject) {
  const fake = await startFakeOpenAI({ apiKey: 'test-openai-key', control: true });
  project.provide('fakeOpenAIUrl', fake.url);
  return () => fake.close();
}

// Also declared in env.d.ts, for the workerd side; each tsconfig sees one of them.
declare module 'vitest' {
  export interface ProvidedContext {
    fakeOpenAIUrl: string;
  }
}
