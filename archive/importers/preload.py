"""Importing this module loads what every reader process needs: the parsers, jieba's dictionary and
IDF table, trafilatura's extractors. It costs seconds, so a fork server imports it once and each
worker forked from it starts warm; without a fork server each worker imports it on start."""

from archive.importers import tagging, webpage

webpage.warm_up()
tagging.keywords("汛期气象服务保障工作")
