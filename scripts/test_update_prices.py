#!/usr/bin/env python3
"""Tests of scripts/update-prices' tokenizer rule (TOKENIZER_RULES, id_forms, tokenizer_for)
and reasoning rule (REASONING_RULES, reasoning_for), and that the shipped catalog follows
them. Needs no network and no virtualenv:

    python3 scripts/test_update_prices.py

scripts/test runs it.
"""
import importlib.machinery
import importlib.util
import json
import unittest
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
CATALOG = SCRIPTS.parent / "public" / "prices" / "catalog.json"

_loader = importlib.machinery.SourceFileLoader("update_prices", str(SCRIPTS / "update-prices"))
_spec = importlib.util.spec_from_loader("update_prices", _loader)
update_prices = importlib.util.module_from_spec(_spec)
_loader.exec_module(update_prices)
tokenizer_for = update_prices.tokenizer_for

# The tokenizer names are a contract (encoding-select's option values, and the catalog's
# "tokenizer" values that src/money/catalog.rs reads).
NAMES = {
    "o200k_base", "o200k_harmony", "cl100k_base", "p50k_base", "r50k_base", "llama3",
    "llama4", "mistral-tekken", "mistral-v3", "qwen3", "deepseek-v3", "gemma3", "estimate",
}


class IdForms(unittest.TestCase):
    def test_hosts_parts_are_dropped(self):
        cases = {
            "meta-llama/Llama-3.3-70B-Instruct": ["llama-3.3-70b-instruct"],
            "@cf/meta/llama-3.1-8b-instruct": ["llama-3.1-8b-instruct"],
            "llama-v3p1-8b-instruct": ["llama-v3.1-8b-instruct"],
            "qwen3p6-plus": ["qwen3.6-plus"],
            "global.anthropic.claude-opus-4-5-v1:0": ["claude-opus-4-5-v1:0", "anthropic-claude-opus-4-5-v1:0"],
            "deepseek.r1-v1:0": ["r1-v1:0", "deepseek-r1-v1:0"],
            "databricks-meta-llama-3-1-8b-instruct": ["meta-llama-3-1-8b-instruct"],
            "~google/gemini-flash-latest": ["gemini-flash-latest"],
            "ft:gpt-4o-mini": ["gpt-4o-mini"],
            "deepseek/deepseek_v3": ["deepseek-v3"],
            # A version's dot is not a maker's.
            "gpt-4.1": ["gpt-4.1"],
            # "fp8" is not a version written with "p".
            "llama-3.1-8b-instruct-fp8": ["llama-3.1-8b-instruct-fp8"],
        }
        for model_id, forms in cases.items():
            self.assertEqual(update_prices.id_forms(model_id), forms, model_id)


class Rule(unittest.TestCase):
    def check(self, cases):
        for provider, model_id, expected in cases:
            self.assertEqual(tokenizer_for(provider, model_id), expected, f"{provider} {model_id}")

    def test_openai_follows_tiktoken(self):
        self.check([
            ("openai", "gpt-4o", "o200k_base"), ("openai", "gpt-4o-mini", "o200k_base"),
            ("openai", "gpt-4", "cl100k_base"), ("openai", "gpt-4-turbo", "cl100k_base"),
            ("openai", "gpt-3.5-turbo-16k", "cl100k_base"), ("openai", "gpt-5.4-mini", "o200k_base"),
            ("openai", "o1-mini", "o200k_base"), ("openai", "o3-pro", "o200k_base"),
            ("openai", "gpt-oss-120b", "o200k_harmony"), ("openai", "ft:gpt-4o", "o200k_base"),
            ("openai", "ft:gpt-3.5-turbo-", "cl100k_base"),
            ("openai", "text-davinci-003", "p50k_base"), ("openai", "davinci", "r50k_base"),
            ("openai", "davinci-002", "cl100k_base"), ("openai", "babbage-002", "cl100k_base"),
            ("openai", "ada", "r50k_base"),
            # tiktoken knows no gpt-6 and no gpt-realtime.
            ("openai", "gpt-6-sol", "estimate"), ("openai", "gpt-realtime", "estimate"),
            ("azure", "o3-2025-04-16", "o200k_base"),
        ])

    def test_resellers_copies_get_the_makers_tokenizer(self):
        self.check([
            ("openrouter", "openai/gpt-4o", "o200k_base"),
            ("aws", "regional.openai.gpt-5.6-sol", "o200k_base"),
            ("groq", "openai/gpt-oss-20b", "o200k_harmony"),
            ("databricks", "databricks-gpt-oss-120b", "o200k_harmony"),
            ("aws", "meta.llama3-1-70b-instruct-v1:0", "llama3"),
            ("aws", "meta.llama4-scout-17b-instruct-v1:0", "llama4"),
            ("together", "meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo", "llama3"),
            ("cloudflare", "@cf/meta/llama-4-scout-17b-16e-instruct", "llama4"),
            ("fireworks", "llama-v3p1-8b-instruct", "llama3"),
            ("fireworks", "llama4-maverick-instruct-basic", "llama4"),
            ("groq", "llama3-70b-8192", "llama3"),
            ("databricks", "databricks-meta-llama-3-3-70b-instruct", "llama3"),
            ("aws", "qwen.qwen3-32b-v1:0", "qwen3"),
            ("fireworks", "qwen2p5-vl-72b-instruct", "qwen3"),
            ("cerebras", "qwen-3-32b", "qwen3"),
            ("aws", "deepseek.r1-v1:0", "deepseek-v3"),
            ("novita", "deepseek/deepseek_v3", "deepseek-v3"),
            ("fireworks", "deepseek-v3p2", "deepseek-v3"),
            ("aws", "google.gemma-3-27b-it", "gemma3"),
            ("databricks", "databricks-gemma-3-12b", "gemma3"),
            ("aws", "mistral.mixtral-8x7b-instruct-v0:1", "mistral-v3"),
            ("aws", "mistral.ministral-3-8b-instruct", "mistral-tekken"),
            ("ovhcloud", "Mistral-Nemo-Instruct-2407", "mistral-tekken"),
            ("aws", "global.anthropic.claude-sonnet-4-5-20250929-v1:0", "estimate"),
            ("google", "claude-opus-4-5", "estimate"),
        ])

    def test_llama(self):
        self.check([
            ("groq", "llama-3.3-70b-versatile", "llama3"), ("cerebras", "llama3.1-8b", "llama3"),
            ("groq", "llama-guard-3-8b", "llama3"), ("openrouter", "meta-llama/llama-guard-2-8b", "llama3"),
            ("groq", "meta-llama/llama-guard-4-12b", "llama4"),
            ("groq", "llama2-70b-4096", "estimate"), ("together", "meta-llama/Llama-2-70b-chat-hf", "estimate"),
            ("together", "codellama/CodeLlama-34b-Instruct-hf", "estimate"),
            ("groq", "meta-llama/llama-prompt-guard-2-86m", "estimate"),
            # A fine-tune whose id does not begin with the family's name.
            ("openrouter", "sao10k/l3-euryale-70b", "estimate"),
        ])

    def test_mistral_follows_mistral_common(self):
        self.check([
            # MODEL_NAME_TO_TOKENIZER_CLS of mistral-common 1.13.1, entry by entry.
            ("mistral", "ministral-8b-2410", "mistral-tekken"),
            ("mistral", "mistral-tiny-2312", "mistral-v3"),
            ("mistral", "open-mistral-nemo-2407", "mistral-tekken"),
            ("mistral", "mistral-tiny-2407", "mistral-v3"),
            ("mistral", "mistral-small-2312", "mistral-v3"),
            ("mistral", "open-mixtral-8x22b-2404", "mistral-v3"),
            ("mistral", "mistral-small-2402", "mistral-v3"),
            ("mistral", "mistral-small-2409", "mistral-tekken"),
            ("mistral", "mistral-medium-2312", "mistral-v3"),
            ("mistral", "mistral-large-2402", "mistral-v3"),
            ("mistral", "mistral-large-2407", "mistral-v3"),
            ("mistral", "mistral-large-2411", "mistral-v3"),
            ("mistral", "pixtral-large-2411", "mistral-v3"),
            ("mistral", "codestral-2405", "mistral-v3"),
            ("mistral", "codestral-mamba-2407", "mistral-v3"),
            ("mistral", "pixtral-12b-2409", "mistral-tekken"),
            # Newer than that table: tekken.
            ("mistral", "mistral-small-24b-instruct-2501", "mistral-tekken"),
            ("mistral", "mistral-small-3.2-24b-instruct", "mistral-tekken"),
            ("mistral", "mistral-small-2603", "mistral-tekken"),
            ("mistral", "codestral-2508", "mistral-tekken"),
            ("mistral", "mistral-large-2512", "mistral-tekken"),
            ("mistral", "mistral-medium-3-1", "mistral-tekken"),
            ("mistral", "magistral-medium", "mistral-tekken"),
            ("mistral", "devstral-small", "mistral-tekken"),
            ("mistral", "mistral-small-latest", "mistral-tekken"),
            ("mistral", "mistral-7b", "mistral-v3"),
            ("ovhcloud", "Mistral-7B-Instruct-v0.3", "mistral-v3"),
            # Unversioned aliases of families whose versions differ, and closed models.
            ("mistral", "mistral-large", "estimate"), ("mistral", "codestral", "estimate"),
            ("openrouter", "mistralai/mistral-small", "estimate"),
            ("mistral", "mistral-saba", "estimate"), ("mistral", "mistral-embed", "estimate"),
        ])

    def test_qwen_deepseek_google(self):
        self.check([
            ("openrouter", "qwen/qwq-32b", "qwen3"), ("openrouter", "qwen/qwen3-coder", "qwen3"),
            ("openrouter", "qwen/qwen-2.5-72b-instruct", "qwen3"),
            ("doubleword", "Qwen/Qwen3.5-9B", "estimate"), ("databricks", "databricks-qwen35-122b-a10b", "estimate"),
            ("cerebras", "qwen-3.8-27b", "estimate"), ("openrouter", "qwen-max", "estimate"),
            ("together", "Qwen/Qwen1.5-72B-Chat", "estimate"),
            ("deepseek", "deepseek-chat", "deepseek-v3"), ("deepseek", "deepseek-reasoner", "deepseek-v3"),
            ("deepseek", "deepseek-v3.2", "deepseek-v3"), ("perplexity", "r1-1776", "deepseek-v3"),
            ("openrouter", "deepseek-r1-0528-qwen3-8b", "deepseek-v3"),
            ("novita", "deepseek/deepseek-r1-distill-qwen-32b", "qwen3"),
            ("groq", "deepseek-r1-distill-llama-70b", "llama3"),
            ("deepseek", "deepseek-v4-pro", "estimate"), ("deepseek", "deepseek-flash", "estimate"),
            ("google", "gemini-2.5-pro", "gemma3"), ("google", "gemini-2.0-flash-lite", "gemma3"),
            ("openrouter", "google/gemini-2.0-flash-001", "gemma3"),
            ("google", "gemini-live-2.5-flash", "gemma3"), ("google", "gemini-3-pro-preview", "gemma3"),
            ("google", "gemini-3-flash-preview", "gemma3"),
            # google-genai counts these with Gemma 4's tokenizer, or not at all.
            ("google", "gemini-3.1-pro-preview", "estimate"), ("google", "gemini-3.5-flash", "estimate"),
            ("google", "gemini-1.5-pro", "estimate"), ("google", "gemini-pro", "estimate"),
            ("openrouter", "~google/gemini-flash-latest", "estimate"),
            ("openrouter", "google/gemma-3-27b-it", "gemma3"), ("groq", "gemma2-9b-it", "estimate"),
            ("openrouter", "google/gemma-3n-e4b-it", "estimate"), ("cerebras", "gemma-4-31b", "estimate"),
        ])

    def test_not_public_tokenizers_are_estimates(self):
        self.check([
            ("anthropic", "claude-sonnet-4-5", "estimate"), ("anthropic", "claude-3-haiku", "estimate"),
            ("x-ai", "grok-4-0709", "estimate"), ("cohere", "command-a", "estimate"),
            ("cohere", "c4ai-aya-expanse-32b", "estimate"), ("aws", "amazon.nova-pro-v1:0", "estimate"),
            ("zai", "GLM-4.6", "estimate"), ("moonshotai", "kimi-k2", "estimate"),
            ("minimax", "MiniMax-M2", "estimate"), ("perplexity", "sonar-pro", "estimate"),
            ("azure", "phi-4", "estimate"),
            # No rule at all.
            ("openrouter", "nousresearch/hermes-3-llama-3.1-405b", "estimate"),
        ])

    def test_longest_prefix_wins_and_a_providers_own_rule_breaks_ties(self):
        rules = update_prices.TOKENIZER_RULES
        try:
            update_prices.TOKENIZER_RULES = [
                ("*", "fam", "llama3"), ("*", "fam-2", "qwen3"),
                ("*", "same", "llama3"), ("host", "same", "qwen3"),
            ]
            self.check([
                ("x", "fam-1", "llama3"), ("x", "fam-2-big", "qwen3"),
                ("x", "same", "llama3"), ("host", "same", "qwen3"), ("x", "other", "estimate"),
            ])
        finally:
            update_prices.TOKENIZER_RULES = rules

    def test_every_rule_names_a_known_tokenizer_once(self):
        seen = set()
        for provider, prefix, tokenizer in update_prices.TOKENIZER_RULES:
            self.assertIn(tokenizer, NAMES, prefix)
            self.assertEqual(prefix, prefix.lower(), prefix)
            self.assertNotIn((provider, prefix), seen, prefix)
            seen.add((provider, prefix))


class Reasoning(unittest.TestCase):
    def check(self, cases):
        for provider, model_id, expected in cases:
            self.assertEqual(update_prices.reasoning_for(provider, model_id), expected,
                             f"{provider} {model_id}")

    def test_openai(self):
        self.check([
            ("openai", "o1", True), ("openai", "o1-mini", True), ("openai", "o3-pro", True),
            ("openai", "o3-deep-research", True), ("openai", "o4-mini", True),
            ("openai", "codex-mini", True), ("openai", "gpt-5", True), ("openai", "gpt-5-mini", True),
            ("openai", "gpt-5.4-nano", True), ("openai", "gpt-5.3-codex", True),
            ("openai", "gpt-oss-120b", True),
            # GPT-5's chat models do not reason; nor does anything before o1.
            ("openai", "gpt-5-chat-latest", False), ("openrouter", "openai/gpt-5.3-chat", False),
            ("openai", "gpt-4o", False), ("openai", "gpt-4.1-mini", False),
            ("openai", "gpt-3.5-turbo", False), ("openai", "chatgpt-4o-latest", False),
            # Speech, image and realtime models of the family.
            ("openai", "gpt-5-image-mini", False), ("openai", "gpt-4o-realtime-preview", False),
            ("openai", "gpt-4o-mini-tts", False),
            # No source says what gpt-6 does.
            ("openai", "gpt-6-sol", False),
        ])

    def test_anthropic(self):
        self.check([
            ("anthropic", "claude-3-7-sonnet", True), ("anthropic", "claude-sonnet-4-5", True),
            ("anthropic", "claude-opus-4-1", True), ("anthropic", "claude-haiku-4-5", True),
            ("anthropic", "claude-4-opus", True), ("openrouter", "anthropic/claude-3.7-sonnet", True),
            ("aws", "global.anthropic.claude-sonnet-4-5-20250929-v1:0", True),
            ("anthropic", "claude-3-5-sonnet", False), ("anthropic", "claude-3-opus", False),
            ("anthropic", "claude-3-5-haiku", False), ("anthropic", "claude-2", False),
            # Not in the cited lists.
            ("anthropic", "claude-fable-5", False), ("anthropic", "claude-haiku-5-5", False),
        ])

    def test_google(self):
        self.check([
            ("google", "gemini-2.5-pro", True), ("google", "gemini-2.5-flash-lite", True),
            ("google", "gemini-3-pro-preview", True), ("google", "gemini-3.5-flash", True),
            ("openrouter", "google/gemini-2.5-flash-preview:thinking", True),
            ("google", "gemini-2.0-flash", False), ("google", "gemini-1.5-pro", False),
            ("google", "gemini-2.5-flash-image", False), ("google", "gemini-2.5-pro-tts", False),
            ("google", "gemini-3.1-flash-live-preview", False), ("google", "gemma-3-27b-it", False),
        ])

    def test_others(self):
        self.check([
            ("deepseek", "deepseek-reasoner", True), ("deepseek", "deepseek-chat", False),
            ("aws", "deepseek.r1-v1:0", True), ("groq", "deepseek-r1-distill-llama-70b", True),
            ("perplexity", "r1-1776", True), ("deepseek", "deepseek-v3.2", False),
            ("openrouter", "qwen/qwq-32b", True), ("openrouter", "qwen/qwen3-235b-a22b-thinking-2507", True),
            ("openrouter", "qwen/qwen3-235b-a22b-instruct-2507", False),
            ("openrouter", "qwen/qwen3-coder", False),
            ("x-ai", "grok-3-mini", True), ("x-ai", "grok-4-0709", True), ("x-ai", "grok-4.3", True),
            ("x-ai", "grok-4-fast-reasoning", True), ("x-ai", "grok-4-fast-non-reasoning", False),
            ("x-ai", "grok-4-1-fast-non-reasoning", False), ("x-ai", "grok-3", False),
            ("x-ai", "grok-2-1212", False),
            ("mistral", "magistral-medium", True), ("aws", "mistral.magistral-small-2509", True),
            ("mistral", "mistral-large-2512", False),
            ("moonshotai", "kimi-k2-thinking", True), ("moonshotai", "kimi-k2", False),
            ("zai", "glm-z1-32b", True), ("zai", "glm-4.6", False),
            ("minimax", "MiniMax-M1", True), ("minimax", "minimax-m2", True),
            ("perplexity", "sonar-reasoning-pro", True), ("perplexity", "sonar-pro", False),
            ("azure", "phi-4-reasoning-plus", True), ("azure", "phi-4", False),
            ("groq", "llama-3.3-70b-versatile", False),
        ])

    def test_a_price_for_reasoning_tokens_marks_a_reasoning_model(self):
        self.assertTrue(update_prices.reasoning_for(
            "perplexity", "sonar-deep-research",
            {"input_mtok": "2", "output_mtok": "8", "output_reasoning_mtok": "3"}))
        self.assertFalse(update_prices.reasoning_for(
            "perplexity", "sonar-deep-research", {"input_mtok": "2", "output_mtok": "8"}))

    def test_words_are_whole_words(self):
        # "think" is not a word of "thinkpad", nor "chat" of "chatgpt".
        self.assertFalse(update_prices._has_word("thinkpad-7b", ("think",)))
        self.assertTrue(update_prices._has_word("olmo-3-32b-think", ("think",)))
        self.assertFalse(update_prices._has_word("chatgpt-4o", ("chat",)))
        self.assertTrue(update_prices._has_word("grok-4-fast-non-reasoning", ("non-reasoning",)))
        self.assertFalse(update_prices._has_word("grok-4-fast-reasoning", ("non-reasoning",)))

    def test_longest_prefix_wins(self):
        rules = update_prices.REASONING_RULES
        try:
            update_prices.REASONING_RULES = [("*", "fam", True), ("*", "fam-old", False),
                                             ("*", "same", False), ("host", "same", True)]
            self.check([("x", "fam-2", True), ("x", "fam-old-1", False), ("x", "same", False),
                        ("host", "same", True), ("x", "other", False)])
        finally:
            update_prices.REASONING_RULES = rules

    def test_every_rule_is_lower_case_and_once(self):
        seen = set()
        for provider, prefix, reasoning in update_prices.REASONING_RULES:
            self.assertIsInstance(reasoning, bool, prefix)
            self.assertEqual(prefix, prefix.lower(), prefix)
            self.assertNotIn((provider, prefix), seen, prefix)
            seen.add((provider, prefix))


# Models the data marks by a price for reasoning tokens (output_reasoning_mtok), which the
# catalog does not keep: the id rule alone does not mark them.
REASONING_BY_PRICE = {"sonar-deep-research", "perplexity/sonar-deep-research"}

SERVICE_TIER_KEYS = ("flex_input", "flex_output", "flex_cache_read",
                     "priority_input", "priority_output", "priority_cache_read")


class ShippedCatalog(unittest.TestCase):
    def test_every_model_has_the_rules_reasoning_flag(self):
        catalog = json.loads(CATALOG.read_text())
        stale = [
            model["id"] for model in catalog["models"]
            if model.get("reasoning", False) != (
                update_prices.reasoning_for(model["provider"], model["model"])
                or model["id"] in REASONING_BY_PRICE)
        ]
        self.assertEqual(stale, [], "run scripts/update-prices again")
        for model in catalog["models"]:
            self.assertIn(model.get("reasoning", True), (True,), model["id"])

    def test_service_tier_prices_come_in_pairs(self):
        catalog = json.loads(CATALOG.read_text())
        for model in catalog["models"]:
            for tier in ("flex", "priority"):
                given = [key for key in SERVICE_TIER_KEYS if key.startswith(tier) and key in model]
                if given:
                    self.assertIn(f"{tier}_input", given, model["id"])
                    self.assertIn(f"{tier}_output", given, model["id"])
        gpt5 = next(model for model in catalog["models"] if model["id"] == "gpt-5")
        # genai-prices 0.2.3: GPT-5 flex is half the standard price, priority double.
        self.assertEqual([gpt5[key] for key in SERVICE_TIER_KEYS],
                         [0.625, 5, 0.0625, 2.5, 20, 0.25])

    def test_every_model_has_the_rules_tokenizer(self):
        catalog = json.loads(CATALOG.read_text())
        stale = [
            f'{model["id"]}: {model.get("tokenizer")} in the file, {tokenizer_for(model["provider"], model["model"])} by the rule'
            for model in catalog["models"]
            if model.get("tokenizer") != tokenizer_for(model["provider"], model["model"])
        ]
        self.assertEqual(stale, [], "run scripts/update-prices again")
        for model in catalog["models"]:
            self.assertIn(model["tokenizer"], NAMES, model["id"])
            self.assertNotIn("encoding", model, model["id"])


if __name__ == "__main__":
    unittest.main()
