/**
 * Identifiers a paper URL carries: the arXiv id of an arxiv.org link (without its version, so v1 and
 * v3 of a paper are one publication) and the DOI of a doi.org link or of a publisher path holding one.
 */
import type { Publication } from '../../model/reported-result.js';

// New-style (1905.11946) and old-style (cs/0112017, math.AG/0309136) arXiv ids.
const ARXIV = /^https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf)\/((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[A-Z]{2})?\/\d{7}))(?:v\d+)?(?:\.pdf)?\/?(?:[?#].*)?$/i;
// A DOI is 10.<registrant>/<suffix>; in a URL it follows doi.org/ or a /doi/ (or /doi/abs/, /doi/pdf/) path.
const DOI = /^https?:\/\/(?:(?:dx\.)?doi\.org\/|[^/]+\/(?:[^?#]*\/)?doi\/(?:(?:abs|full|pdf|epdf)\/)?)(10\.\d{4,9}\/[^?#\s]+)/i;

export function publicationIds(url: string | undefined): Pick<Publication, 'arxiv' | 'doi'> {
  if (!url) return {};
  const arxiv = ARXIV.exec(url.trim());
  if (arxiv) return { arxiv: arxiv[1] };
  const doi = DOI.exec(url.trim());
  if (doi) return { doi: safeDecode(doi[1]).replace(/\/$/, '') };
  return {};
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
