-- A space's managers find people by name to add them: every word typed must begin a word
-- of the name, accents and case aside ("nicco ferra" finds "Niccolò Bianchi-Ferrà").
-- unaccent is an extension a managed database may not offer, so the folding is a plain
-- translate() over the letters of Italian and neighbouring languages, in either case, as
-- lower() leaves non-ASCII letters alone under the C locale.
CREATE FUNCTION name_fold(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN translate(lower(t),
        'àáâãäåāăąÀÁÂÃÄÅĀĂĄçćčÇĆČďĎèéêëēėęěÈÉÊËĒĖĘĚğĞìíîïīįıÌÍÎÏĪĮİłŁñńňÑŃŇòóôõöøōőÒÓÔÕÖØŌŐřŘśšşŚŠŞťţŤŢùúûüūůűųÙÚÛÜŪŮŰŲýÿÝŸźżžŹŻŽ',
        'aaaaaaaaaaaaaaaaaaccccccddeeeeeeeeeeeeeeeeggiiiiiiiiiiiiiillnnnnnnoooooooooooooooorrssssssttttuuuuuuuuuuuuuuuuyyyyzzzzzz');

-- The name's words, each after a space, folded once when the name is written: split at
-- apostrophes, hyphens and dots ("D'Angelo" is "d" and "angelo"), then joined across them
-- ("dangelo"). A search asks for "% word%" once per word typed.
ALTER TABLE users ADD COLUMN name_words text NOT NULL GENERATED ALWAYS AS (
    ' ' || translate(name_fold(display_name), '''’-.', '    ') || ' ' || translate(name_fold(display_name), '''’-.', '')
) STORED;

-- A trigram index answers those patterns without reading every name: about 1 ms rather
-- than 25-260 ms over 100,000 accounts (docs/PERFORMANCE.md). pg_trgm ships with PostgreSQL and
-- is a trusted extension: the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX users_name_words_idx ON users USING gin (name_words gin_trgm_ops);
