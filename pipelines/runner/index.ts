export { ModelError, parseHeader, modelConfigSchema, type ModelConfig, type Materialization } from './config';
export { loadProject, parseSources, fnv, MODEL_LAYERS, type Model, type ModelLayer, type Project, type ProjectFile, type SourceDecl } from './project';
export { selectModels, SelectionError } from './select';
export { ancestors, descendants } from './dag';
export { renderTemplate, scanTemplate } from './template';
export { runProject, type Executor, type MaterializeOutcome, type ModelResult, type ModelStatus, type RunCommand, type RunEvent, type RunOptions, type RunOutcome } from './run';
export { lineage, type Lineage } from './lineage';
