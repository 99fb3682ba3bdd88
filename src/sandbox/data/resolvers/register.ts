// How resolver modules register: one resolver per Graph operation id.
import type { Resolver } from "../../graph.js";

export type Register = (operationId: string, resolver: Resolver) => void;
