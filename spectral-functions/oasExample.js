// spectral:oas's own example check, for .spectral.yaml to apply to the media types it can read.
import { oas } from '@stoplight/spectral-rulesets';

export default oas.rules['oas3-valid-media-example'].then.function;
