//! Image inputs: how many input tokens a provider bills for one image.
//!
//! Owns: each provider's published rule that turns an image's size (and, for OpenAI's tile
//! models, its `detail`) into tokens, and the table that says which rule a model follows
//! ([`rule_for`]). The tokens are billed at the model's input price like text tokens;
//! pricing them is `money::cost`.
//! Must not know: the DOM, request-body formats (`text::chat` reads those) or prices.
//!
//! Sources (read 2026-12-01; the rule of each is written out in the doc of its function):
//! - OpenAI, "Images and vision", section "Calculating costs":
//!   <https://platform.openai.com/docs/guides/images-vision#calculating-costs>
//! - Anthropic, "Vision", section "Evaluate image size" / "Calculate image costs":
//!   <https://docs.anthropic.com/en/docs/build-with-claude/vision#calculate-image-costs>
//! - Google, "Understand and count tokens", section on images:
//!   <https://ai.google.dev/gemini-api/docs/tokens#multimodal-tokens>

use std::fmt;

use crate::money::catalog::Model;

/// How a provider turns an image into input tokens.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ImageRule {
    /// OpenAI's GPT-4o class (GPT-4o, GPT-4.1, GPT-4.5, GPT-4 Turbo): 85 base tokens plus
    /// 170 per 512-px tile at high detail, 85 at low detail ([`openai_tile_tokens`]).
    OpenAiTiles,
    /// The same tile rule with another model's published base and per-tile tokens
    /// (GPT-5: 70 + 140; o1 and o3: 75 + 150; GPT-4o mini: 2,833 + 5,667;
    /// computer-use-preview: 65 + 129).
    OpenAiTilesScaled {
        /// Tokens every image costs (and all a low-detail image costs).
        base: u64,
        /// Tokens per 512-px tile at high detail.
        per_tile: u64,
    },
    /// OpenAI's patch rule (GPT-4.1 mini and nano, o4-mini, GPT-5 mini and nano): 32-px
    /// patches, at most 1,536, times a per-model multiplier ([`openai_patch_tokens`]).
    OpenAiPatches {
        /// The model's multiplier on the patch count (1.62 for GPT-4.1 mini).
        multiplier: f64,
    },
    /// Anthropic: width × height / 750 after its resize limits ([`anthropic_tokens`]).
    Anthropic,
    /// Gemini: 258 tokens per 768-px tile, 258 for an image within 384 × 384
    /// ([`gemini_tokens`]).
    Gemini,
}

impl ImageRule {
    /// Whether the rule reads the request's `detail` (`low` / `high` / `auto`). Only
    /// OpenAI's tile rule does; the patch rule bills the same patches at every detail
    /// (OpenAI's page documents no low-detail price for patch models), and Anthropic and
    /// Gemini have no such parameter.
    pub fn has_detail(self) -> bool {
        matches!(
            self,
            ImageRule::OpenAiTiles | ImageRule::OpenAiTilesScaled { .. }
        )
    }
}

/// OpenAI's `detail` parameter of an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Detail {
    /// A 512 × 512 version only: the base tokens.
    Low,
    /// The low-resolution version plus 512-px tiles.
    High,
    /// The model decides. OpenAI does not say how, so Burnrate prices it as `High`, the
    /// larger of the two: an estimate should not come in under the bill.
    #[default]
    Auto,
}

impl Detail {
    /// The value as written in a request body and in Burnrate's inputs.
    pub fn slug(self) -> &'static str {
        match self {
            Detail::Low => "low",
            Detail::High => "high",
            Detail::Auto => "auto",
        }
    }

    /// The detail named `slug` (`low`, `high` or `auto`, any case).
    pub fn from_slug(slug: &str) -> Option<Detail> {
        match slug.trim().to_ascii_lowercase().as_str() {
            "low" => Some(Detail::Low),
            "high" => Some(Detail::High),
            "auto" => Some(Detail::Auto),
            _ => None,
        }
    }
}

/// An image's size in pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageSize {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// The size assumed for an image whose size a chat file does not give (an `image_url`
/// part carries a URL or base64 data, not a size): 1024 × 1024. It is the size of the
/// worked examples on both OpenAI's and Anthropic's pages (765 tokens on GPT-4o at high
/// detail, 1,399 on Claude), a common size for an image an app has already resized, and
/// it lies within every provider's resize limits, so the count is easy to check by hand.
pub const DEFAULT_IMAGE_SIZE: ImageSize = ImageSize {
    width: 1024,
    height: 1024,
};

/// Why an image's tokens cannot be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageError {
    /// The width or height is 0.
    ZeroSize {
        /// The width given.
        width: u32,
        /// The height given.
        height: u32,
    },
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageError::ZeroSize { width, height } => write!(
                f,
                "an image must be at least 1 × 1 pixels, got {width} × {height}"
            ),
        }
    }
}

impl std::error::Error for ImageError {}

/// The image rule `model` follows, or `None` when its maker publishes none (or the model
/// takes no images). Judged by the model id the provider's API takes (the part after the
/// last `/`, so a reseller's copy follows its maker's rule):
///
/// | id                                              | rule                               |
/// |-------------------------------------------------|------------------------------------|
/// | `gpt-4.1-mini*`, `gpt-5-mini*`                  | patches × 1.62                     |
/// | `gpt-4.1-nano*`, `gpt-5-nano*`                  | patches × 2.46                     |
/// | `o4-mini*`                                      | patches × 1.72                     |
/// | `gpt-4o-mini*`                                  | tiles 2,833 + 5,667                |
/// | `gpt-4o*`, `gpt-4.1*`, `gpt-4.5*`, `gpt-4-turbo*`, `gpt-4-vision*`, `chatgpt-4o*` | tiles 85 + 170 |
/// | `gpt-5*` (others)                               | tiles 70 + 140                     |
/// | `o1*`, `o3*` (not `o1-mini`, `o3-mini`)          | tiles 75 + 150                     |
/// | `computer-use-preview*`                         | tiles 65 + 129                     |
/// | `claude*` (and ids containing `claude`)         | Anthropic                          |
/// | `gemini*`                                       | Gemini                             |
///
/// The multipliers and base/tile tokens are those of OpenAI's "Calculating costs" tables.
/// OpenAI lists only `gpt-5` and `gpt-5-chat-latest` at 70 + 140; later GPT-5.x ids are
/// given the same rule as their family. `o1-mini` and `o3-mini` take no images.
pub fn rule_for(model: &Model) -> Option<ImageRule> {
    let api_id = model.model.rsplit('/').next().unwrap_or(&model.model);
    rule_for_id(api_id).or_else(|| rule_for_id(model.id.rsplit('/').next().unwrap_or("")))
}

/// [`rule_for`] on a bare model id.
fn rule_for_id(id: &str) -> Option<ImageRule> {
    let id = id.trim().to_ascii_lowercase();
    let patches = |multiplier| Some(ImageRule::OpenAiPatches { multiplier });
    let tiles = |base, per_tile| Some(ImageRule::OpenAiTilesScaled { base, per_tile });
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| id.starts_with(p));
    if starts(&["gpt-4.1-mini", "gpt-5-mini"]) {
        patches(1.62)
    } else if starts(&["gpt-4.1-nano", "gpt-5-nano"]) {
        patches(2.46)
    } else if starts(&["o4-mini"]) {
        patches(1.72)
    } else if starts(&["gpt-4o-mini"]) {
        tiles(2833, 5667)
    } else if starts(&[
        "gpt-4o",
        "gpt-4.1",
        "gpt-4.5",
        "gpt-4-turbo",
        "gpt-4-vision",
        "chatgpt-4o",
    ]) {
        Some(ImageRule::OpenAiTiles)
    } else if starts(&["gpt-5"]) {
        tiles(70, 140)
    } else if starts(&["o1-mini", "o3-mini"]) {
        None
    } else if starts(&["o1", "o3"]) {
        tiles(75, 150)
    } else if starts(&["computer-use-preview"]) {
        tiles(65, 129)
    } else if id.contains("claude") {
        Some(ImageRule::Anthropic)
    } else if starts(&["gemini"]) {
        Some(ImageRule::Gemini)
    } else {
        None
    }
}

/// The input tokens one image of `size` costs under `rule`, at `detail` where the rule
/// reads it ([`ImageRule::has_detail`]). An image with a zero side is an error; an image
/// of any other size, however large, is first scaled down by the provider's own limits
/// (documented in each rule's function), so the result stays bounded except for Gemini,
/// whose tiles grow with the image (and saturate at `u64::MAX`, never overflow).
pub fn image_tokens(rule: ImageRule, size: ImageSize, detail: Detail) -> Result<u64, ImageError> {
    if size.width == 0 || size.height == 0 {
        return Err(ImageError::ZeroSize {
            width: size.width,
            height: size.height,
        });
    }
    Ok(match rule {
        ImageRule::OpenAiTiles => openai_tile_tokens(85, 170, size, detail),
        ImageRule::OpenAiTilesScaled { base, per_tile } => {
            openai_tile_tokens(base, per_tile, size, detail)
        }
        ImageRule::OpenAiPatches { multiplier } => openai_patch_tokens(multiplier, size),
        ImageRule::Anthropic => anthropic_tokens(size),
        ImageRule::Gemini => gemini_tokens(size),
    })
}

/// OpenAI's tile rule ("Images and vision" → "Calculating costs", GPT-4o, GPT-4.1,
/// GPT-4.5, o-series and GPT-5 models):
/// - `detail: low`: `base` tokens, whatever the size.
/// - `detail: high` (and `auto`, see [`Detail::Auto`]): scale the image to fit within a
///   2048 × 2048 square, keeping its aspect ratio; then scale it so that its shortest side
///   is 768 px (only down: a smaller image is not enlarged, as OpenAI's own examples of
///   small images show); count the 512-px squares that cover it,
///   `ceil(w / 512) × ceil(h / 512)`; tokens = `base + per_tile × squares`.
///   Scaled sides are rounded down to whole pixels.
///
/// OpenAI's examples: 1024 × 1024 high → 768 × 768 → 4 tiles → 85 + 4 × 170 = 765;
/// 2048 × 4096 high → 1024 × 2048 → 768 × 1536 → 2 × 3 = 6 tiles → 85 + 6 × 170 = 1,105;
/// any size at low detail → 85.
fn openai_tile_tokens(base: u64, per_tile: u64, size: ImageSize, detail: Detail) -> u64 {
    if detail == Detail::Low {
        return base;
    }
    let (mut w, mut h) = (f64::from(size.width), f64::from(size.height));
    let longest = w.max(h);
    if longest > 2048.0 {
        let scale = 2048.0 / longest;
        w = (w * scale).floor().max(1.0);
        h = (h * scale).floor().max(1.0);
    }
    let shortest = w.min(h);
    if shortest > 768.0 {
        let scale = 768.0 / shortest;
        w = (w * scale).floor().max(1.0);
        h = (h * scale).floor().max(1.0);
    }
    let tiles = (w / 512.0).ceil() as u64 * (h / 512.0).ceil() as u64;
    base.saturating_add(per_tile.saturating_mul(tiles))
}

/// The most 32-px patches OpenAI's patch rule bills for one image.
const MAX_PATCHES: u64 = 1536;

/// OpenAI's patch rule ("Images and vision" → "Calculating costs", GPT-4.1 mini and nano,
/// o4-mini, GPT-5 mini and nano):
/// 1. patches to cover the image: `ceil(w / 32) × ceil(h / 32)`;
/// 2. if that exceeds 1,536, scale the image down: `r = sqrt(32² × 1536 / (w × h))`, then
///    `r = r × min(floor(w·r/32) / (w·r/32), floor(h·r/32) / (h·r/32))` so that whole
///    patches fit; the scaled sides are rounded down to whole pixels and the patches
///    counted again, at most 1,536;
/// 3. tokens = patches × the model's multiplier (GPT-5 mini and GPT-4.1 mini 1.62,
///    GPT-5 nano and GPT-4.1 nano 2.46, o4-mini 1.72), rounded to the nearest whole token.
///    OpenAI does not say how it rounds.
///
/// OpenAI's examples (multiplier 1): 1024 × 1024 → 32 × 32 = 1,024 patches;
/// 1800 × 2400 → 57 × 75 = 4,275 > 1,536 → r = 0.603 → 1086 × 1448 → 33.94 × 45.25
/// patches → r × 33/33.94 → 1056 × 1408 → 33 × 44 = 1,452.
fn openai_patch_tokens(multiplier: f64, size: ImageSize) -> u64 {
    let (w, h) = (f64::from(size.width), f64::from(size.height));
    let cover = |w: f64, h: f64| (w / 32.0).ceil() as u64 * (h / 32.0).ceil() as u64;
    let mut patches = cover(w, h);
    if patches > MAX_PATCHES {
        let mut r = (32.0 * 32.0 * MAX_PATCHES as f64 / (w * h)).sqrt();
        let (pw, ph) = (w * r / 32.0, h * r / 32.0);
        r *= (pw.floor() / pw).min(ph.floor() / ph);
        let (rw, rh) = ((w * r).floor().max(1.0), (h * r).floor().max(1.0));
        patches = cover(rw, rh).min(MAX_PATCHES);
    }
    let multiplier = if multiplier.is_finite() && multiplier > 0.0 {
        multiplier
    } else {
        1.0
    };
    (patches as f64 * multiplier).round() as u64
}

/// Anthropic's longest side before it scales an image down.
const ANTHROPIC_MAX_SIDE: f64 = 1568.0;
/// Anthropic's largest image in tokens before it scales an image down.
const ANTHROPIC_MAX_TOKENS: f64 = 1600.0;

/// Anthropic's rule ("Vision" → "Evaluate image size", "Calculate image costs"):
/// tokens = `width × height / 750`, after its resize limits: "if your image's long edge is
/// more than 1568 pixels, or your image is more than ~1,600 tokens, it will first be
/// scaled down, preserving aspect ratio, until it's within the size limits". Burnrate
/// scales the longest side to 1568 px, then, if `w × h / 750` still exceeds 1,600, scales
/// both sides by `sqrt(1600 × 750 / (w × h))`, rounding sides down to whole pixels.
///
/// Rounding: up, to the next whole token. Anthropic bills whole tokens and its own table
/// of examples rounds up (200 × 200 = 53.3 → ~54; 1000 × 1000 = 1,333.3 → ~1,334;
/// 1092 × 1092 = 1,589.95 → ~1,590). So 1024 × 1024 = 1,048,576 / 750 = 1,398.1 → 1,399
/// (the "≈ 1,398" often quoted is the same figure rounded down).
///
/// Claude Opus 4.7 reads images up to 2,576 px on the long edge; Anthropic's table of
/// per-model limits is not modelled, so such images are priced at the 1568-px limit.
fn anthropic_tokens(size: ImageSize) -> u64 {
    let (mut w, mut h) = (f64::from(size.width), f64::from(size.height));
    let longest = w.max(h);
    if longest > ANTHROPIC_MAX_SIDE {
        let scale = ANTHROPIC_MAX_SIDE / longest;
        w = (w * scale).floor().max(1.0);
        h = (h * scale).floor().max(1.0);
    }
    if w * h / 750.0 > ANTHROPIC_MAX_TOKENS {
        let scale = (ANTHROPIC_MAX_TOKENS * 750.0 / (w * h)).sqrt();
        w = (w * scale).floor().max(1.0);
        h = (h * scale).floor().max(1.0);
    }
    (w * h / 750.0).ceil() as u64
}

/// Gemini's rule (Google, "Understand and count tokens", images; Gemini 2.0 and later):
/// "image inputs with both dimensions <= 384 pixels are counted as 258 tokens. Images
/// larger in one or both dimensions are cropped and scaled as needed into tiles of
/// 768x768 pixels, each counted as 258 tokens." Google does not publish the cropping, so
/// Burnrate counts the 768-px tiles that cover the image:
/// `258 × ceil(w / 768) × ceil(h / 768)`.
///
/// Examples: 384 × 384 → 258; 1024 × 1024 → 2 × 2 tiles → 1,032; 385 × 100 → 1 tile → 258.
/// Gemini 3's `media_resolution` setting (a fixed budget per image) is not modelled.
fn gemini_tokens(size: ImageSize) -> u64 {
    const PER_TILE: u64 = 258;
    if size.width <= 384 && size.height <= 384 {
        return PER_TILE;
    }
    let tiles = u64::from(size.width.div_ceil(768)) * u64::from(size.height.div_ceil(768));
    PER_TILE.saturating_mul(tiles)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::catalog::Catalog;
    use proptest::prelude::*;

    fn size(width: u32, height: u32) -> ImageSize {
        ImageSize { width, height }
    }

    fn tokens(rule: ImageRule, w: u32, h: u32, detail: Detail) -> u64 {
        image_tokens(rule, size(w, h), detail).unwrap_or(u64::MAX)
    }

    #[test]
    fn openai_tiles_match_openais_examples() {
        // 1024 × 1024 high: shortest side 1024 → 768, so 768 × 768; 2 × 2 = 4 tiles;
        // 85 + 4 × 170 = 765.
        assert_eq!(
            tokens(ImageRule::OpenAiTiles, 1024, 1024, Detail::High),
            765
        );
        // Low detail: the base, 85, at any size.
        assert_eq!(tokens(ImageRule::OpenAiTiles, 1024, 1024, Detail::Low), 85);
        assert_eq!(tokens(ImageRule::OpenAiTiles, 4000, 30, Detail::Low), 85);
        // 2048 × 4096 high: fit 2048 → 1024 × 2048; shortest 1024 → 768, so 768 × 1536;
        // 2 × 3 = 6 tiles; 85 + 6 × 170 = 1,105.
        assert_eq!(
            tokens(ImageRule::OpenAiTiles, 2048, 4096, Detail::High),
            1105
        );
        // Auto is priced as high.
        assert_eq!(
            tokens(ImageRule::OpenAiTiles, 2048, 4096, Detail::Auto),
            1105
        );
        // A small image is not enlarged: 512 × 512 is 1 tile, 85 + 170 = 255.
        assert_eq!(tokens(ImageRule::OpenAiTiles, 512, 512, Detail::High), 255);
    }

    #[test]
    fn scaled_tiles_use_the_models_base_and_tile_tokens() {
        // GPT-5: 70 + 4 × 140 = 630 for 1024 × 1024; 70 at low detail.
        let gpt5 = ImageRule::OpenAiTilesScaled {
            base: 70,
            per_tile: 140,
        };
        assert_eq!(tokens(gpt5, 1024, 1024, Detail::High), 630);
        assert_eq!(tokens(gpt5, 1024, 1024, Detail::Low), 70);
    }

    #[test]
    fn openai_patches_match_openais_examples() {
        let one = ImageRule::OpenAiPatches { multiplier: 1.0 };
        // 1024 × 1024: ceil(1024/32)² = 32 × 32 = 1,024 patches, under the cap.
        assert_eq!(tokens(one, 1024, 1024, Detail::High), 1024);
        // 1800 × 2400: 57 × 75 = 4,275 patches > 1,536, scaled to 1056 × 1408 → 33 × 44.
        assert_eq!(tokens(one, 1800, 2400, Detail::High), 1452);
        // Detail does not change patches.
        assert_eq!(tokens(one, 1800, 2400, Detail::Low), 1452);
        // GPT-4.1 mini: 1,024 × 1.62 = 1,658.88 → 1,659.
        let mini = ImageRule::OpenAiPatches { multiplier: 1.62 };
        assert_eq!(tokens(mini, 1024, 1024, Detail::Auto), 1659);
        // 4000 × 1474: 125 × 47 = 5,875 > 1,536; r = sqrt(1024 × 1536 / 5,896,000)
        // = 0.51650; 64.56 × 23.79 patches; r × 23/23.79 = 0.49936 → 1997 × 736
        // → 63 × 23 = 1,449 patches × 1.62 = 2,347.38 → 2,347.
        assert_eq!(tokens(mini, 4000, 1474, Detail::Auto), 2347);
        // GPT-4.1 nano: 1,024 × 2.46 = 2,519.04 → 2,519.
        let nano = ImageRule::OpenAiPatches { multiplier: 2.46 };
        assert_eq!(tokens(nano, 1024, 1024, Detail::Auto), 2519);
        // o4-mini: 100 × 100 → 4 × 4 = 16 patches × 1.72 = 27.52 → 28.
        let o4 = ImageRule::OpenAiPatches { multiplier: 1.72 };
        assert_eq!(tokens(o4, 100, 100, Detail::Auto), 28);
    }

    #[test]
    fn anthropic_is_area_over_750_rounded_up() {
        // 1024 × 1024 = 1,048,576 / 750 = 1,398.1 → 1,399.
        assert_eq!(tokens(ImageRule::Anthropic, 1024, 1024, Detail::Auto), 1399);
        // Anthropic's table: 200 × 200 → ~54, 1000 × 1000 → ~1,334, 1092 × 1092 → ~1,590.
        assert_eq!(tokens(ImageRule::Anthropic, 200, 200, Detail::Auto), 54);
        assert_eq!(tokens(ImageRule::Anthropic, 1000, 1000, Detail::Auto), 1334);
        assert_eq!(tokens(ImageRule::Anthropic, 1092, 1092, Detail::Auto), 1590);
    }

    #[test]
    fn anthropic_scales_large_images_down() {
        // 784 × 1568 (Anthropic's 1:2 limit): 1,229,312 / 750 = 1,639.1 > 1,600, so
        // scaled by sqrt(1,200,000 / 1,229,312) = 0.98800 → 774 × 1549 = 1,198,926
        // → / 750 = 1,598.6 → 1,599.
        assert_eq!(tokens(ImageRule::Anthropic, 784, 1568, Detail::Auto), 1599);
        // 4000 × 3000: long side → 1568 × 1176 = 1,843,968 px (2,458.6 tokens), then
        // × sqrt(1,200,000 / 1,843,968) = 0.806710 → 1264 × 948 = 1,198,272 → 1,597.7
        // → 1,598.
        assert_eq!(tokens(ImageRule::Anthropic, 4000, 3000, Detail::Auto), 1598);
        // Every image ends at most ~1,600 tokens.
        assert!(tokens(ImageRule::Anthropic, u32::MAX, u32::MAX, Detail::Auto) <= 1600);
    }

    #[test]
    fn gemini_counts_258_per_tile() {
        assert_eq!(tokens(ImageRule::Gemini, 384, 384, Detail::Auto), 258);
        assert_eq!(tokens(ImageRule::Gemini, 1, 1, Detail::Auto), 258);
        // 385 × 100: larger than 384 in one side; 1 × 1 tile of 768 → 258.
        assert_eq!(tokens(ImageRule::Gemini, 385, 100, Detail::Auto), 258);
        // 1024 × 1024: ceil(1024/768)² = 2 × 2 = 4 tiles → 1,032.
        assert_eq!(tokens(ImageRule::Gemini, 1024, 1024, Detail::Auto), 1032);
        // 1536 × 768: 2 × 1 tiles → 516.
        assert_eq!(tokens(ImageRule::Gemini, 1536, 768, Detail::Auto), 516);
    }

    #[test]
    fn a_zero_side_is_an_error_that_names_the_size() {
        let err = image_tokens(ImageRule::Anthropic, size(0, 10), Detail::Auto);
        assert_eq!(
            err,
            Err(ImageError::ZeroSize {
                width: 0,
                height: 10
            })
        );
        let message = err.map(|_| String::new()).unwrap_or_else(|e| e.to_string());
        assert_eq!(
            message,
            "an image must be at least 1 × 1 pixels, got 0 × 10"
        );
    }

    #[test]
    fn the_default_size_prices_as_the_worked_examples() {
        let t = |rule| image_tokens(rule, DEFAULT_IMAGE_SIZE, Detail::Auto).ok();
        assert_eq!(t(ImageRule::OpenAiTiles), Some(765));
        assert_eq!(t(ImageRule::Anthropic), Some(1399));
        assert_eq!(t(ImageRule::Gemini), Some(1032));
    }

    #[test]
    fn shipped_models_follow_their_makers_rule() {
        let Ok(catalog) = Catalog::shipped() else {
            panic!("the shipped catalog must load");
        };
        let rule = |id: &str| catalog.get(id).and_then(rule_for);
        assert_eq!(rule("gpt-4o"), Some(ImageRule::OpenAiTiles));
        assert_eq!(rule("gpt-4.1"), Some(ImageRule::OpenAiTiles));
        assert_eq!(
            rule("gpt-4.1-mini"),
            Some(ImageRule::OpenAiPatches { multiplier: 1.62 })
        );
        assert_eq!(
            rule("gpt-5-mini"),
            Some(ImageRule::OpenAiPatches { multiplier: 1.62 })
        );
        assert_eq!(
            rule("gpt-5-nano"),
            Some(ImageRule::OpenAiPatches { multiplier: 2.46 })
        );
        assert_eq!(
            rule("o4-mini"),
            Some(ImageRule::OpenAiPatches { multiplier: 1.72 })
        );
        assert_eq!(
            rule("gpt-5"),
            Some(ImageRule::OpenAiTilesScaled {
                base: 70,
                per_tile: 140
            })
        );
        assert_eq!(
            rule("gpt-4o-mini"),
            Some(ImageRule::OpenAiTilesScaled {
                base: 2833,
                per_tile: 5667
            })
        );
        assert_eq!(rule("claude-sonnet-4-5"), Some(ImageRule::Anthropic));
        assert_eq!(rule("gemini-2.5-flash"), Some(ImageRule::Gemini));
        assert_eq!(rule("o3-mini"), None);
        assert_eq!(rule("gpt-3.5-turbo"), None);
    }

    #[test]
    fn ids_without_a_catalog_entry_follow_the_table() {
        assert_eq!(
            rule_for_id("o1"),
            Some(ImageRule::OpenAiTilesScaled {
                base: 75,
                per_tile: 150
            })
        );
        assert_eq!(rule_for_id("o1-mini"), None);
        assert_eq!(
            rule_for_id("anthropic.claude-3-haiku"),
            Some(ImageRule::Anthropic)
        );
        assert_eq!(rule_for_id("mistral-large"), None);
        assert!(ImageRule::OpenAiTiles.has_detail());
        assert!(!ImageRule::Anthropic.has_detail());
        assert!(!ImageRule::OpenAiPatches { multiplier: 1.62 }.has_detail());
    }

    proptest! {
        #[test]
        fn no_size_panics(w in any::<u32>(), h in any::<u32>(), m in any::<f64>()) {
            for rule in [
                ImageRule::OpenAiTiles,
                ImageRule::OpenAiTilesScaled { base: u64::MAX, per_tile: u64::MAX },
                ImageRule::OpenAiPatches { multiplier: m },
                ImageRule::Anthropic,
                ImageRule::Gemini,
            ] {
                for detail in [Detail::Low, Detail::High, Detail::Auto] {
                    let result = image_tokens(rule, size(w, h), detail);
                    prop_assert_eq!(result.is_err(), w == 0 || h == 0);
                }
            }
        }
    }
}
