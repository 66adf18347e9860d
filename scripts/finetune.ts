/**
 * npm run finetune -- <command> ...
 *   export   reviewed replies → scrubbed, validated training files (JSONL)
 *   start    upload the files and create a fine-tuning job (--wait to follow it)
 *   status   show a job
 *   events   show a job's events
 *   eval     compare a candidate model with a baseline on the validation split
 *   promote  record the decision to promote a model in the audit log, and say how to apply it
 */
import { JOB_COMMANDS, runJobCommand } from './finetune/cli-jobs';
import { runEval } from './finetune-eval';
import { runExport } from './finetune-export';
import { runPromote } from './finetune-promote';
import { UsageError, wantsHelp } from './lib/args';

const USAGE = `usage: npm run finetune -- <export|start|status|events|eval|promote> [options]
  export [--url WORKER] [--since 2026-11-01] [--channel slack|web] [--audience employee|customer] [--method supervised|dpo]
         [--out finetune/train.jsonl] [--handwritten FILE.jsonl|FILE.csv]... [--seed S] [--base MODEL]
  start  --base <model> --training FILE [--validation FILE] [--method supervised|dpo] [--suffix NAME] [--epochs N] [--wait]
  status <job-id>
  events <job-id> [--limit 20]
  eval   --candidate <model> [--baseline <model>] [--validation finetune/train.validation.jsonl] [--limit 200] [--save eval.json]
  promote --model <id> --by <person> --figures eval.json [--comment TEXT] [--url WORKER]`;

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const stdout = (line: string) => console.log(line);
  if (command === 'help' || wantsHelp([command ?? '', ...rest])) {
    console.log(USAGE);
    return 0;
  }
  if (command === 'export') return runExport(rest, { stdout });
  if (command === 'eval') return runEval(rest, { stdout });
  if (command === 'promote') return runPromote(rest, { stdout });
  if (command && (JOB_COMMANDS as readonly string[]).includes(command)) {
    return runJobCommand([command, ...rest], { stdout: process.stdout, stderr: process.stderr });
  }
  console.log(USAGE);
  return command === undefined ? 0 : 2;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`finetune: ${error.message}`);
    if (error instanceof UsageError) console.error(USAGE);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
