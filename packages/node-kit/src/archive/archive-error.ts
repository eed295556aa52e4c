/** Why a template source archive was refused. */
export type ArchiveErrorCode =
  | 'not_tar'
  | 'unsafe_path'
  | 'unsafe_link'
  | 'unsupported_entry'
  | 'conflicting_entry'
  | 'too_large'
  | 'too_many_entries'
  | 'no_terraform_files';

/** A refused or unreadable template source archive; the message is a sentence meant for the template author. */
export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';

  constructor(
    readonly code: ArchiveErrorCode,
    message: string,
    /** The archive entry the problem was found in, when there is one. */
    readonly entry?: string,
  ) {
    super(message);
  }
}
