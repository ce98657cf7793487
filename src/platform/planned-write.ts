// A planned write is the one-step case of a workflow; its callers keep importing it from here.
export { commit, type PlannedWrite } from './workflow.ts';
