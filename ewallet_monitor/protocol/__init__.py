"""The pure eWallet protocol core: no I/O, no asyncio, no Qt, standard library only.

Exports the frame codec (:mod:`frames`), error objects (:mod:`errors`), topics and ids
(:mod:`topics`), credentials and redaction (:mod:`auth`), URL rules (:mod:`urls`), money
(:mod:`amounts`), timestamps (:mod:`timestamps`) and the consumption view
(:mod:`consumption`). Import from the submodules.
"""
