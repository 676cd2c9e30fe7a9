// Serves Sluice with settings from the environment; `sluice serve` is the same with flags.
import { serveUntilSignalled } from './start.ts';

await serveUntilSignalled();
