export * from './types';
export { analyzeText, dominanceOf, suggestSeverity, DOMINANCE_RATIO } from './analyze';
export type { AnalyzeOptions } from './analyze';
export { buildGuidance, DEFAULT_GUIDANCE } from './guidance';
export type { GuidanceData } from './guidance';
export { detectLanguage } from './language';
export { DEFAULT_LEXICON, compileLexicon, getCompiledLexicon, compileEnPattern, compileZhPattern } from './lexicon';
export type { Lexicon, CompiledLexicon } from './lexicon';
