export { ArchiveError, type ArchiveErrorCode } from './archive-error.js';
export { extractArchive } from './extract-archive.js';
export { type ArchiveLimits, defaultArchiveLimits } from './read-archive.js';
export {
  requireTopLevelTerraformFiles,
  type TemplateArchiveSummary,
  validateTemplateArchive,
} from './validate-template-archive.js';
