/**
 * The byzsim subcommands. Each module exports `register(program)`; add one line here per
 * command module. The CLI stays thin: parse, call, print.
 */
import type { Command } from 'commander';
import { register as registerAggregate } from './aggregate.ts';
import { register as registerFuzz } from './fuzz.ts';
import { register as registerList } from './list.ts';
import { register as registerPrivacy } from './privacy.ts';
import { register as registerRun } from './run.ts';

export const COMMANDS: readonly ((program: Command) => void)[] = [registerRun, registerAggregate, registerFuzz, registerPrivacy, registerList];
