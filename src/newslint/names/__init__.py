"""Proper-name analysis shared by the ``names`` check kinds (issue 3).

- :mod:`.lexicon`: how common a word is in French (wordfreq), spelling folds;
- :mod:`.mentions`: capitalised mentions with exact spans (elisions, compounds, acronyms),
  sentence-initial and headline words kept apart;
- :mod:`.variants`: whether two forms are spellings of one name, and the dominant form.
"""
